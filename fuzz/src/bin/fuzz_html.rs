//! `cargo afl fuzz ... target/release/fuzz_html`: see [`trouve_fuzz::html`].
fn main() {
    afl::fuzz!(|data: &[u8]| trouve_fuzz::html(data));
}
