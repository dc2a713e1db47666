//! `cargo afl fuzz ... target/release/fuzz_index`: see [`trouve_fuzz::index`].
fn main() {
    afl::fuzz!(|data: &[u8]| trouve_fuzz::index(data));
}
