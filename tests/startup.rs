//! Starting the real `caravan` binary: a server in production mode refuses what only
//! pretends, such as the payment sandbox.
#![cfg(feature = "ssr")]

use std::process::Command;

#[test]
fn production_mode_refuses_to_start_with_the_payment_sandbox() {
    let data = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_caravan"))
        .arg("serve")
        .env("CARAVAN_PRODUCTION", "true")
        .env("CARAVAN_DATA_DIR", data.path())
        .env("CARAVAN_ADDR", "127.0.0.1:0")
        .env_remove("DATABASE_URL")
        .output()
        .expect("the caravan binary runs");
    assert!(!output.status.success());
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(said.contains("CARAVAN_PRODUCTION is set, but payments go through the sandbox provider"), "{said}");
}
