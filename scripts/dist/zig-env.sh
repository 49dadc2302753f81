# Sourced by scripts/dist.sh: links every artifact against glibc 2.17 (manylinux2014) with zig.
#
# This machine has glibc 2.36; anything linked against it asks for GLIBC_2.34 symbols and would only
# be a manylinux_2_34 wheel (no Amazon Linux 2, so no SageMaker AL2 notebooks or Lambda's AL2
# runtimes). zig ships glibc stubs for any version: its `cc` links against the 2.17 ones. zig comes
# from PyPI (the `ziglang` package) and maturin's `zig cc` subcommand wraps it the way maturin's own
# `--zig` does. We write the wrappers ourselves and export the same variables for all three builds
# (maturin for the wheel, cargo for `pcs` and the Node addon): with one environment, the dependencies
# compile once. (`maturin --zig` would write wrappers of its own, under another path, and every C
# dependency and everything above it would compile twice.)
#
# Needs: $DIST_TOOLS (the tools venv: maturin, ziglang). Sets: DIST_GLIBC, CC/CXX/RANLIB and the
# linker for $CARGO_BUILD_TARGET.
DIST_GLIBC=2.17
export DIST_GLIBC
_zig_dir="$DIST_TOOLS/zig-glibc-$DIST_GLIBC"
mkdir -p "$_zig_dir"
_zig_version="$("$DIST_TOOLS/bin/python" -m ziglang version)"
for _tool in cc c++ ranlib; do
    case "$_tool" in
        ranlib) _args='' ;;
        *) _args="-g -fno-sanitize=all -target x86_64-linux-gnu.$DIST_GLIBC" ;;
    esac
    cat > "$_zig_dir/$_tool.tmp" <<WRAPPER
#!/bin/sh
export CARGO_ZIGBUILD_ZIG_VERSION=$_zig_version
export CARGO_ZIGBUILD_ZIG_COMMAND="$DIST_TOOLS/bin/python"
export CARGO_ZIGBUILD_ZIG_COMMAND_ARGS='-m ziglang'
exec "$DIST_TOOLS/bin/maturin" zig $_tool -- $_args "\$@"
WRAPPER
    chmod +x "$_zig_dir/$_tool.tmp"
    # Rewrite only on change: the path and the file are part of what cargo remembers.
    if cmp -s "$_zig_dir/$_tool.tmp" "$_zig_dir/$_tool"; then rm "$_zig_dir/$_tool.tmp"; else mv "$_zig_dir/$_tool.tmp" "$_zig_dir/$_tool"; fi
done
case "$CARGO_BUILD_TARGET" in
    x86_64-unknown-linux-gnu) ;;
    *) echo "dist: only x86_64-unknown-linux-gnu artifacts are built here, not $CARGO_BUILD_TARGET" >&2; exit 1 ;;
esac
export CC_x86_64_unknown_linux_gnu="$_zig_dir/cc"
export CXX_x86_64_unknown_linux_gnu="$_zig_dir/c++"
export RANLIB_x86_64_unknown_linux_gnu="$_zig_dir/ranlib"
export CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER="$_zig_dir/cc"
unset _zig_dir _zig_version _tool _args
