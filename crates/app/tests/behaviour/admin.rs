//! The back office: signing in, the first-login password change, the login lock, account
//! management, and the route × role matrix.

use crate::helpers::*;
use aduan_domain::Role;
use aduan_domain::access::Roles;
use aduan_domain::staff::Username;
use aduan_store::platform::credentials::hash_secret;
use aduan_web::admin::{Access, route_list};
use reqwest::{Client, StatusCode};

pub const STAFF_PASSWORD: &str = "kopi tubruk pagi hari";

/// Signs `client` in on `base`; returns the response to the sign-in POST.
pub async fn sign_in(client: &Client, base: &str, username: &str, password: &str) -> reqwest::Response {
    let html = client.get(format!("{base}/admin/masuk")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_in(&html);
    client
        .post(format!("{base}/admin/masuk"))
        .form(&[("csrf", csrf.as_str()), ("username", username), ("password", password)])
        .send()
        .await
        .unwrap()
}

/// Creates an account with these roles and a settled password, and a client signed in as it.
pub async fn staff_client(app: &TestApp, username: &str, roles: &[Role]) -> (Client, String) {
    let village = app.store.default_village().await.unwrap();
    let name = Username::parse(username).unwrap();
    let hash = hash_secret(STAFF_PASSWORD).unwrap();
    let id =
        app.store.create_user(village.id, &name, username, &hash, &Roles::new(roles.to_vec()), None).await.unwrap();
    let user = app.store.user(id).await.unwrap();
    app.store.set_password(&user, &hash, false, None).await.unwrap();
    let c = client();
    let csrf = sign_in_again(app, &c, username).await;
    (c, csrf)
}

/// Signs `client` in as `username` (again, when the session ran out while the clock was moved);
/// the form token of the new session.
pub async fn sign_in_again(app: &TestApp, client: &Client, username: &str) -> String {
    let res = sign_in(client, &app.base, username, STAFF_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{username} signs in");
    csrf_in(&client.get(app.url("/admin/kata-sandi")).send().await.unwrap().text().await.unwrap())
}

#[tokio::test]
async fn the_first_admin_must_change_the_one_time_password() {
    let app = spawn_app().await;
    let res = sign_in(&app.client, &app.base, "admin", &app.admin_password).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/admin/kata-sandi");
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/admin"));

    // Nothing else opens until the password is changed.
    let res = app.get("/admin/pengguna").await;
    assert_eq!(res.headers()["location"], "/admin/kata-sandi");
    let html = app.get("/admin/kata-sandi").await.text().await.unwrap();
    assert!(html.contains("Kata sandi Anda bersifat sementara"));
    let csrf = csrf_in(&html);
    let change = |current: &str, new: &str, confirm: &str| {
        let form = [("csrf", csrf.as_str()), ("current", current), ("new", new), ("confirm", confirm)];
        app.client.post(app.url("/admin/kata-sandi")).form(&form).send()
    };
    let res = change("salah", "kata sandi baru sekali", "kata sandi baru sekali").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Kata sandi sekarang salah"));
    let res = change(&app.admin_password, "pendek", "pendek").await.unwrap();
    assert!(res.text().await.unwrap().contains("paling sedikit 10 karakter"));
    let res = change(&app.admin_password, "kata sandi baru sekali", "kata sandi lain").await.unwrap();
    assert!(res.text().await.unwrap().contains("tidak sama"));
    let res = change(&app.admin_password, "kata sandi baru sekali", "kata sandi baru sekali").await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = app.get("/admin?pesan=kata-sandi").await.text().await.unwrap();
    assert!(html.contains("Selamat datang, Administrator") && html.contains("Kata sandi sudah diganti"));
    assert!(html.contains("href=\"/admin/pengguna\""));

    // The old one-time password no longer works; the new one does.
    let other = client();
    assert_eq!(sign_in(&other, &app.base, "admin", &app.admin_password).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in(&other, &app.base, "admin", "kata sandi baru sekali").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_read_the_same() {
    let app = spawn_app().await;
    let a = sign_in(&app.client, &app.base, "admin", "bukan kata sandinya").await;
    let b = sign_in(&client(), &app.base, "tidak-ada", "bukan kata sandinya").await;
    assert_eq!(a.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(b.status(), StatusCode::UNAUTHORIZED);
    assert!(a.text().await.unwrap().contains("Nama pengguna atau kata sandi salah"));
    assert!(b.text().await.unwrap().contains("Nama pengguna atau kata sandi salah"));
}

#[tokio::test]
async fn the_login_lock_survives_a_restart() {
    let app = spawn_app().await;
    for _ in 0..4 {
        assert_eq!(
            sign_in(&app.client, &app.base, "admin", "salah salah salah").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let res = sign_in(&app.client, &app.base, "admin", "salah salah salah").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.text().await.unwrap().contains("Terlalu banyak percobaan gagal"));

    let (base, _store) = app.restarted().await;
    let res = sign_in(&client(), &base, "admin", &app.admin_password).await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "still locked after the restart, even for the right password"
    );
}

#[tokio::test]
async fn sign_in_and_sign_out_refuse_a_missing_csrf_token() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/admin/masuk"))
        .form(&[("username", "admin"), ("password", app.admin_password.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (c, _) = staff_client(&app, "pengelola1", &[Role::Pengelola]).await;
    let res = c.post(app.url("/admin/keluar")).form(&[("csrf", "palsu")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(c.get(app.url("/admin")).send().await.unwrap().status(), StatusCode::OK, "still signed in");
}

#[tokio::test]
async fn an_admin_creates_an_account_that_must_change_its_password() {
    let app = spawn_app().await;
    let (admin, csrf) = staff_client(&app, "kaur.umum", &[Role::Admin]).await;
    let form = [
        ("csrf", csrf.as_str()),
        ("username", "Petugas.Satu"),
        ("display_name", "Petugas Satu"),
        ("role", "petugas"),
        ("role", "pengelola"),
        ("email", "petugas.satu@desa.example"),
    ];
    let bad_mail = [
        ("csrf", csrf.as_str()),
        ("username", "petugas.dua"),
        ("display_name", "Dua"),
        ("role", "petugas"),
        ("email", "bukan"),
    ];
    let res = admin.post(app.url("/admin/pengguna")).form(&bad_mail).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Alamat surel tidak valid"));
    let res = admin.post(app.url("/admin/pengguna")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let notice = crate::form::between(&html, "id=\"notice\">", "<");
    let password = notice.split("sementara: ").nth(1).unwrap().split(' ').next().unwrap().to_string();
    assert!(html.contains("petugas.satu") && html.contains("Pengelola pengaduan, Petugas"));

    let res = admin.post(app.url("/admin/pengguna")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Nama pengguna sudah dipakai"));
    let bad = [("csrf", csrf.as_str()), ("username", "x"), ("display_name", "X")];
    let res = admin.post(app.url("/admin/pengguna")).form(&bad).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let newcomer = client();
    let res = sign_in(&newcomer, &app.base, "petugas.satu", &password).await;
    assert_eq!(res.headers()["location"], "/admin/kata-sandi");

    // The notification address is kept, changed and cleared; a bad one is refused.
    let user = app.store.user_by_username(1, &Username::parse("petugas.satu").unwrap()).await.unwrap();
    assert_eq!(user.email.as_deref(), Some("petugas.satu@desa.example"));
    let email_url = app.url(&format!("/admin/pengguna/{}/email", user.id));
    let res = admin.post(&email_url).form(&[("csrf", csrf.as_str()), ("email", "salah@")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res =
        admin.post(&email_url).form(&[("csrf", csrf.as_str()), ("email", "satu@desa.example")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("value=\"satu@desa.example\""));
    let res = admin.post(&email_url).form(&[("csrf", csrf.as_str()), ("email", "")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.store.user(user.id).await.unwrap().email, None);
    assert_eq!(app.store.audit_actions_for_tests(1, "user.email").await, 3);

    // Disabling asks first, on a page of its own; unconfirmed, nothing changes. A forged post
    // (no valid token) is refused before any question is put.
    let status_url = app.url(&format!("/admin/pengguna/{}/status", user.id));
    let res = admin.post(&status_url).form(&[("csrf", "palsu"), ("disabled", "1")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(!res.text().await.unwrap().contains("Nonaktifkan akun ini?"));
    let res = admin.post(&status_url).form(&[("csrf", csrf.as_str()), ("disabled", "1")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("Nonaktifkan akun ini?"), "{html}");
    assert!(html.contains(r#"name="konfirmasi" value="ya""#) && html.contains(r#"name="disabled" value="1""#));
    assert!(html.contains(&format!(r#"action="/admin/pengguna/{}/status""#, user.id)));
    assert!(!app.store.user(user.id).await.unwrap().disabled);

    // Disabling ends the account's access at once.
    let res = admin
        .post(app.url(&format!("/admin/pengguna/{}/status", user.id)))
        .form(&[("csrf", csrf.as_str()), ("disabled", "1"), ("konfirmasi", "ya")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(newcomer.get(app.url("/admin")).send().await.unwrap().headers()["location"], "/admin/masuk");
    assert_eq!(sign_in(&client(), &app.base, "petugas.satu", &password).await.status(), StatusCode::UNAUTHORIZED);
}

/// Every back-office route, for no login and for every role: signed-out visitors are sent to the
/// sign-in page, roles without the permission get 403, roles with it get through.
#[tokio::test]
async fn every_route_for_every_role() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let created: serde_json::Value = app.create_via_api(valid_json()).await.json().await.unwrap();
    let ticket = created["ticket"].as_str().unwrap().to_string();
    let mut sessions = Vec::new();
    for (i, role) in Role::ALL.iter().enumerate() {
        sessions.push((Some(*role), format!("peran{i}")));
    }
    let mut checked = 0;
    for route in route_list() {
        let path = route.path.replace("{id}", "1").replace("{ticket}", &ticket);
        // A fresh session per request: some routes (sign-out, password reset) end sessions.
        for (role, name) in std::iter::once((None, String::new())).chain(sessions.iter().cloned()) {
            let (c, csrf) = match role {
                Some(r) => staff_client(&app, &format!("{name}{checked}"), &[r]).await,
                None => {
                    let c = client();
                    let csrf = csrf_in(&c.get(app.url("/admin/masuk")).send().await.unwrap().text().await.unwrap());
                    (c, csrf)
                }
            };
            let res = match route.method {
                "GET" => c.get(app.url(&path)).send().await.unwrap(),
                _ => c.post(app.url(&path)).form(&[("csrf", csrf.as_str())]).send().await.unwrap(),
            };
            let status = res.status();
            let to_login = res.headers().get("location").is_some_and(|l| l == "/admin/masuk");
            let allowed = match (route.access, role) {
                (Access::Public, _) => true,
                (_, None) => false,
                (access, Some(r)) => access.allows(&Roles::new(vec![r])),
            };
            let who = format!("{} {} as {role:?}", route.method, route.path);
            if allowed {
                assert_ne!(status, StatusCode::FORBIDDEN, "{who}");
                if route.path != "/admin/keluar" {
                    assert!(!to_login, "{who}");
                }
            } else if role.is_none() {
                assert!(status == StatusCode::SEE_OTHER && to_login, "{who}: {status}");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, route_list().len() * 7);
}

#[tokio::test]
async fn accounts_are_managed_from_the_command_line() {
    let app = spawn_app().await;
    let dir = app.data_dir.path().to_str().unwrap().to_string();
    let url = app.database_url().to_string();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_aduan"))
            .args(["--data", &dir, "--database-url", &url, "user"])
            .args(args)
            .env("ADUAN_LOG", "warn")
            .output()
            .unwrap()
    };
    let out = run(&[
        "add",
        "Kasi.Pelayanan",
        "--name",
        "Kasi Pelayanan",
        "--role",
        "petugas",
        "--role",
        "pengelola",
        "--email",
        "kasi@desa.example",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let password = stdout.split("One-time password: ").nth(1).unwrap().trim().to_string();
    let res = sign_in(&client(), &app.base, "kasi.pelayanan", &password).await;
    assert_eq!(res.headers()["location"], "/admin/kata-sandi");

    let again = run(&["add", "kasi.pelayanan", "--name", "X", "--role", "petugas"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert!(!run(&["add", "baru", "--name", "X", "--role", "lurah"]).status.success());
    assert!(!run(&["add", "baru", "--name", "X", "--role", "petugas", "--email", "x@"]).status.success());
    let kasi = Username::parse("kasi.pelayanan").unwrap();
    assert_eq!(app.store.user_by_username(1, &kasi).await.unwrap().email.as_deref(), Some("kasi@desa.example"));
    assert!(run(&["email", "kasi.pelayanan", "pelayanan@desa.example"]).status.success());
    assert_eq!(app.store.user_by_username(1, &kasi).await.unwrap().email.as_deref(), Some("pelayanan@desa.example"));
    assert!(run(&["email", "kasi.pelayanan"]).status.success());
    assert_eq!(app.store.user_by_username(1, &kasi).await.unwrap().email, None);
    let baru = Username::parse("baru").unwrap();
    assert!(app.store.user_by_username(1, &baru).await.is_err(), "nothing half-stored");

    let out = run(&["passwd", "kasi.pelayanan"]);
    let fresh = String::from_utf8_lossy(&out.stdout).split(": ").nth(1).unwrap().trim().to_string();
    assert_eq!(sign_in(&client(), &app.base, "kasi.pelayanan", &password).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in(&client(), &app.base, "kasi.pelayanan", &fresh).await.status(), StatusCode::SEE_OTHER);

    let out = run(&["roles", "kasi.pelayanan", "--role", "kades", "--role", "pengawas"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let roles = app.store.user_by_username(1, &kasi).await.unwrap().roles;
    assert_eq!(roles, Roles::new(vec![Role::Kades, Role::Pengawas]));
    assert!(!run(&["roles", "kasi.pelayanan", "--role", "lurah"]).status.success());
    assert_eq!(app.store.user_by_username(1, &kasi).await.unwrap().roles, roles, "nothing half-stored");
    // The installation's first admin is its only one: it keeps the role.
    let last = run(&["roles", "admin", "--role", "pengelola"]);
    assert!(!last.status.success());
    assert!(String::from_utf8_lossy(&last.stderr).contains("last enabled admin"));
    assert!(!run(&["disable", "admin"]).status.success());

    assert!(run(&["disable", "kasi.pelayanan"]).status.success());
    assert_eq!(sign_in(&client(), &app.base, "kasi.pelayanan", &fresh).await.status(), StatusCode::UNAUTHORIZED);
    let list = String::from_utf8_lossy(&run(&["list"]).stdout).to_string();
    assert!(list.contains("kasi.pelayanan") && list.contains("disabled") && list.contains("admin"));
}

/// Roles are changed on the web and stay audited; the village always keeps an enabled admin; an
/// admin without a complaint role is told why the queue is missing and offered one.
#[tokio::test]
async fn roles_change_and_the_last_admin_cannot_be_removed() {
    let app = spawn_app().await;
    let (admin, csrf) = staff_client(&app, "admin.satu", &[Role::Admin]).await;
    let (_, _) = staff_client(&app, "kaur.umum", &[Role::Petugas]).await;
    let me = app.store.user_by_username(1, &Username::parse("admin.satu").unwrap()).await.unwrap();
    let kaur = app.store.user_by_username(1, &Username::parse("kaur.umum").unwrap()).await.unwrap();
    let roles_url = |id: i64| app.url(&format!("/admin/pengguna/{id}/peran"));
    // Other admins the installation was made with are disabled, so this one is the last.
    for u in app.store.users(1).await.unwrap() {
        if u.id != me.id && u.roles.has(Role::Admin) {
            app.store.set_disabled(&u, true, None).await.unwrap();
        }
    }

    let home = admin.get(app.url("/admin")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("id=\"roles-hint\"") && home.contains("Pengelola pengaduan, Petugas"), "{home}");
    assert!(!home.contains("href=\"/admin/pengaduan\""));

    let res = admin
        .post(roles_url(kaur.id))
        .form(&[("csrf", csrf.as_str()), ("role", "pengelola"), ("role", "kades")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Peran kaur.umum disimpan."));
    let kaur_now = app.store.user(kaur.id).await.unwrap();
    assert_eq!(kaur_now.roles, Roles::new(vec![Role::Pengelola, Role::Kades]));
    let res = admin.post(roles_url(kaur.id)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.store.user(kaur.id).await.unwrap().roles, kaur_now.roles);

    // The last admin can neither drop the role nor be disabled, on the web or by the store.
    let res =
        admin.post(roles_url(me.id)).form(&[("csrf", csrf.as_str()), ("role", "pengelola")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("admin aktif terakhir"));
    assert!(app.store.user(me.id).await.unwrap().roles.has(Role::Admin));
    assert!(matches!(
        app.store.set_disabled(&me, true, None).await,
        Err(aduan_store::StoreError::Conflict(c)) if c == aduan_store::platform::users::LAST_ADMIN
    ));

    // With a second admin, the first may step down.
    let res = admin.post(roles_url(kaur.id)).form(&[("csrf", csrf.as_str()), ("role", "admin")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let add_manager = [("csrf", csrf.as_str()), ("role", "admin"), ("role", "pengelola")];
    assert_eq!(admin.post(roles_url(me.id)).form(&add_manager).send().await.unwrap().status(), StatusCode::OK);
    let home = admin.get(app.url("/admin")).send().await.unwrap().text().await.unwrap();
    assert!(!home.contains("id=\"roles-hint\"") && home.contains("href=\"/admin/pengaduan\""));
    let res =
        admin.post(roles_url(me.id)).form(&[("csrf", csrf.as_str()), ("role", "pengelola")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.store.user(me.id).await.unwrap().roles, Roles::new(vec![Role::Pengelola]));
    assert_eq!(app.store.audit_actions_for_tests(1, "user.roles").await, 4);
}

/// Every destructive back-office step asks first: deleting, revoking, disabling, resetting.
#[test]
fn destructive_routes_ask_before_they_act() {
    for r in route_list() {
        let destructive = r.path.ends_with("/hapus")
            || r.path.ends_with("/cabut")
            || r.path.ends_with("/status")
            || (r.path.ends_with("/kata-sandi") && r.path != "/admin/kata-sandi");
        assert_eq!(destructive, r.confirm.is_some(), "{} {}", r.method, r.path);
    }
}
