//! `cargo afl fuzz ... target/release/fuzz_text`: see [`trouve_fuzz::text`].
fn main() {
    afl::fuzz!(|data: &[u8]| trouve_fuzz::text(data));
}
