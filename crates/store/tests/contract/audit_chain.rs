use crate::{fixture, new_complaint};
use aduan_domain::Pin;
use aduan_store::platform::audit::ChainCheck;

#[tokio::test]
async fn the_chain_verifies_and_any_edit_breaks_it() {
    let f = fixture().await;
    let pin = Pin::parse("123456").unwrap();
    for i in 0..3 {
        f.store.submit(new_complaint(&f, &format!("Rantai audit {i}"), &pin).await).await.unwrap();
    }
    assert_eq!(f.store.verify_audit_chain(f.village_id).await.unwrap(), ChainCheck::Intact { entries: 4 });
    f.store.tamper_for_tests("UPDATE audit_log SET detail = '{}' WHERE seq = 2").await;
    assert!(matches!(f.store.verify_audit_chain(f.village_id).await.unwrap(), ChainCheck::Broken { seq: 2, .. }));
}

#[tokio::test]
async fn removing_the_newest_entry_is_noticed() {
    let f = fixture().await;
    let pin = Pin::parse("123456").unwrap();
    f.store.submit(new_complaint(&f, "Rantai audit terakhir", &pin).await).await.unwrap();
    f.store.tamper_for_tests("DELETE FROM audit_log WHERE seq = 2").await;
    assert!(matches!(f.store.verify_audit_chain(f.village_id).await.unwrap(), ChainCheck::Broken { .. }));
}
