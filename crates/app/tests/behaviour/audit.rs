//! `aduan audit verify` finds an altered entry in a real database.

use crate::helpers::*;

#[tokio::test]
async fn audit_verify_reports_a_tampered_entry() {
    let app = spawn_app().await;
    app.create_via_api(valid_json()).await;
    app.create_via_api(valid_json()).await;
    let verify = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_aduan"))
            .args([
                "--data",
                app.data_dir.path().to_str().unwrap(),
                "--database-url",
                app.database_url(),
                "audit",
                "verify",
            ])
            .env("ADUAN_LOG", "warn")
            .output()
            .unwrap()
    };
    let ok = verify();
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("intact: 3 entries"));

    app.store.tamper_for_tests("UPDATE audit_log SET actor = 'user:99' WHERE seq = 2").await;
    let broken = verify();
    assert!(!broken.status.success());
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(stderr.contains("broken at entry 2") && stderr.contains("changed"), "{stderr}");
}
