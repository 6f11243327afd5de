// `sqlx::migrate!` embeds the migration files at compile time; this makes cargo rebuild when
// one is added or edited (stable Rust cannot track them from the macro).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
