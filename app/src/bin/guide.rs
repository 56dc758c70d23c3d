//! The guide console's bundle (`app/guide/index.html`, served under `/guide/`).

fn main() {
    app::run_guide();
}
