//! Runs an emulator in the foreground for load tests and manual tries (the `pcs emulator`
//! command is the user-facing way): `cargo run --release -p partnercentral-selling-emulator
//! --example serve -- [PORT] [SECONDS]`. It stops after SECONDS (default 60).
use std::time::Duration;

use partnercentral_selling_emulator::{Emulator, EmulatorConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let port = args.next().map(|p| p.parse()).transpose()?.unwrap_or(0);
    let seconds: u64 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(60);
    let emulator = Emulator::start_background(EmulatorConfig {
        port,
        ..EmulatorConfig::default()
    })?;
    println!("{}", emulator.url());
    std::thread::sleep(Duration::from_secs(seconds));
    println!("{}", serde_json::to_string(&emulator.stats())?);
    emulator.shutdown();
    Ok(())
}
