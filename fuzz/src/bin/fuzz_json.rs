//! `cargo afl fuzz ... target/release/fuzz_json`: see [`trouve_fuzz::json`].
fn main() {
    afl::fuzz!(|data: &[u8]| trouve_fuzz::json(data));
}
