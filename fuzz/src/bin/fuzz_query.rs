//! `cargo afl fuzz ... target/release/fuzz_query`: see [`trouve_fuzz::query`].
fn main() {
    afl::fuzz!(|data: &[u8]| trouve_fuzz::query(data));
}
