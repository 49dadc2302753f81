//! `startEmulator()`: the emulator crate on its own thread and runtime, with fault controls.
use std::sync::Mutex;

use napi_derive::napi;
use partnercentral_selling_emulator::{Emulator, EmulatorConfig, Faults};

#[napi(object)]
pub struct EmulatorOptions {
    /// Added latency on every request, in milliseconds.
    pub latency_ms: Option<u32>,
}

#[napi(object)]
pub struct EmulatorCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
}

/// Faults for the next requests; a field left out keeps its current value.
#[napi(object)]
pub struct FaultOptions {
    pub latency_ms: Option<u32>,
    /// Answer the next N requests with ThrottlingException (429).
    pub throttle_next: Option<u32>,
    /// Answer the next N requests with InternalServerException (500).
    pub fail_next: Option<u32>,
}

#[napi]
pub struct NativeEmulator {
    inner: Mutex<Option<Emulator>>,
    url: String,
    credentials: (String, String),
}

fn emulator_error(e: impl std::fmt::Display) -> napi::Error {
    napi::Error::from_reason(format!("emulator: {e}"))
}

#[napi(js_name = "startEmulator")]
pub fn start_emulator(options: Option<EmulatorOptions>) -> napi::Result<NativeEmulator> {
    let emu = Emulator::start_background(EmulatorConfig::default()).map_err(emulator_error)?;
    if let Some(ms) = options.and_then(|o| o.latency_ms) {
        emu.set_faults(Faults { latency: std::time::Duration::from_millis(u64::from(ms)), ..Faults::default() });
    }
    let creds = emu.credentials();
    Ok(NativeEmulator {
        url: emu.url(),
        credentials: (creds.access_key_id.clone(), creds.secret_access_key.clone()),
        inner: Mutex::new(Some(emu)),
    })
}

#[napi]
impl NativeEmulator {
    #[napi(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    #[napi(getter)]
    pub fn credentials(&self) -> EmulatorCredentials {
        EmulatorCredentials { access_key_id: self.credentials.0.clone(), secret_access_key: self.credentials.1.clone() }
    }

    #[napi]
    pub fn set_faults(&self, faults: FaultOptions) -> napi::Result<()> {
        let guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let emu = guard.as_ref().ok_or_else(|| emulator_error("stopped"))?;
        let mut current = emu.faults();
        if let Some(ms) = faults.latency_ms {
            current.latency = std::time::Duration::from_millis(u64::from(ms));
        }
        if let Some(n) = faults.throttle_next {
            current.throttle_next = n;
        }
        if let Some(n) = faults.fail_next {
            current.fail_next = n;
        }
        emu.set_faults(current);
        Ok(())
    }

    #[napi]
    pub fn invitation_count(&self) -> napi::Result<u32> {
        let guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let emu = guard.as_ref().ok_or_else(|| emulator_error("stopped"))?;
        Ok(emu.stored_invitations().len() as u32)
    }

    /// Stops the server; pending requests are finished first. Stopping twice is harmless.
    #[napi]
    pub async fn stop(&self) -> napi::Result<()> {
        let emu = self.inner.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(emu) = emu {
            tokio::task::spawn_blocking(move || emu.shutdown()).await.map_err(emulator_error)?;
        }
        Ok(())
    }
}
