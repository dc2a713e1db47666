//! `cargo afl fuzz ... target/release/fuzz_request`: see [`trouve_fuzz::request`].
fn main() {
    afl::fuzz!(|data: &[u8]| trouve_fuzz::request(data));
}
