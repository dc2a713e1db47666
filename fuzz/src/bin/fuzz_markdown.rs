//! `cargo afl fuzz ... target/release/fuzz_markdown`: see [`trouve_fuzz::markdown`].
fn main() {
    afl::fuzz!(|data: &[u8]| trouve_fuzz::markdown(data));
}
