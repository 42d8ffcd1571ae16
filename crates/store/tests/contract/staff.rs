use crate::fixture;
use aduan_domain::Role;
use aduan_domain::access::Roles;
use aduan_domain::staff::Username;
use aduan_store::StoreError;
use aduan_store::platform::credentials::hash_secret;
use aduan_store::platform::login_throttle::PER_ACCOUNT;

#[tokio::test]
async fn users_with_roles_sessions_and_disabling() {
    let f = fixture().await;
    let name = Username::parse("Sekdes").unwrap();
    let roles = Roles::new(vec![Role::Pengelola, Role::Petugas]);
    let id = f
        .store
        .create_user(f.village_id, &name, "Sekretaris Desa", &hash_secret("rahasia sekali").unwrap(), &roles, None)
        .await
        .unwrap();
    let dup = f.store.create_user(f.village_id, &name, "Lagi", "x", &roles, None).await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))));

    let (user, hash) = f.store.user_for_login(f.village_id, &name).await.unwrap();
    assert_eq!(user.id, id);
    assert!(user.must_change_password);
    assert_eq!(user.roles, roles);
    assert!(aduan_store::platform::credentials::verify_secret("rahasia sekali", &hash));

    f.store.start_session(&user, "token-satu", "127.0.0.1").await.unwrap();
    assert_eq!(f.store.session_user("token-satu").await.unwrap().unwrap().id, id);
    assert!(f.store.session_user("token-lain").await.unwrap().is_none());

    f.store.set_disabled(&user, true, None).await.unwrap();
    assert!(f.store.session_user("token-satu").await.unwrap().is_none(), "disabling ends sessions");
    f.store.set_disabled(&user, false, None).await.unwrap();
    f.store.start_session(&user, "token-dua", "127.0.0.1").await.unwrap();
    f.store.set_password(&user, &hash_secret("kata sandi baru").unwrap(), false, Some(&user)).await.unwrap();
    assert!(f.store.session_user("token-dua").await.unwrap().is_none(), "a new password ends sessions");
    assert!(!f.store.user(id).await.unwrap().must_change_password);
    let users = f.store.users(f.village_id).await.unwrap();
    assert_eq!(users.iter().map(|u| u.username.as_str()).collect::<Vec<_>>(), ["admin", "sekdes"]);
    assert!(matches!(
        f.store.verify_audit_chain(f.village_id).await.unwrap(),
        aduan_store::platform::audit::ChainCheck::Intact { entries: 7 }
    ));
}

#[tokio::test]
async fn five_failures_lock_a_key_and_success_clears_it() {
    let f = fixture().await;
    let key = "user:1:sekdes";
    for _ in 0..PER_ACCOUNT.max_failures - 1 {
        assert!(f.store.record_login_failure(key, PER_ACCOUNT).await.unwrap().is_none());
    }
    assert!(f.store.login_locked_until(key).await.unwrap().is_none());
    assert!(f.store.record_login_failure(key, PER_ACCOUNT).await.unwrap().is_some());
    assert!(f.store.login_locked_until(key).await.unwrap().is_some());
    assert!(f.store.login_locked_until("user:1:lain").await.unwrap().is_none());
    f.store.clear_login_failures(key).await.unwrap();
    assert!(f.store.login_locked_until(key).await.unwrap().is_none());
}
