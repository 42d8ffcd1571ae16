//! The office at work: notices read off one by one and all at once, with their count in the menu.

use crate::admin::{sign_in_again, staff_client};
use crate::helpers::*;
use aduan_domain::Role;
use reqwest::StatusCode;

fn unread_badge(html: &str) -> Option<String> {
    let start = html.find("id=\"unread\"")?;
    let from = start + html[start..].find('>')? + 1;
    Some(html[from..from + html[from..].find('<')?].to_string())
}

#[tokio::test]
async fn notices_are_counted_in_the_menu_and_marked_read() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (manager, csrf) = staff_client(&app, "pengelola.satu", &[Role::Pengelola]).await;
    let (other, other_csrf) = staff_client(&app, "pengelola.dua", &[Role::Pengelola]).await;
    assert_eq!(unread_badge(&page(&manager, &app, "/admin").await), None);
    for _ in 0..3 {
        assert_eq!(app.create_via_api(valid_json()).await.status(), StatusCode::CREATED);
    }
    let me: i64 = user_id(&app, "pengelola.satu").await.parse().unwrap();
    let home = page(&manager, &app, "/admin").await;
    assert_eq!(unread_badge(&home).as_deref(), Some("3"), "{home}");
    // The count is in the menu of every back-office page.
    let q = page(&manager, &app, "/admin/pengaduan").await;
    assert_eq!(unread_badge(&q).as_deref(), Some("3"), "{q}");

    let notices = app.store.staff_notices(me, 10).await.unwrap();
    assert!(notices.iter().all(|n| !n.read) && notices.len() == 3);
    let (status, location, _) =
        post(&manager, &app, &format!("/admin/pemberitahuan/{}/dibaca", notices[0].id), &[("csrf", &csrf)]).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/admin#notices"));
    assert_eq!(unread_badge(&page(&manager, &app, "/admin").await).as_deref(), Some("2"));

    // Another user's notice is not theirs to mark.
    let (status, _, _) =
        post(&other, &app, &format!("/admin/pemberitahuan/{}/dibaca", notices[1].id), &[("csrf", &other_csrf)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(!app.store.staff_notices(me, 10).await.unwrap()[1].read);
    assert_eq!(unread_badge(&page(&other, &app, "/admin").await).as_deref(), Some("3"));

    // Without the form token nothing is marked.
    let (status, _, _) = post(&manager, &app, "/admin/pemberitahuan/dibaca", &[("csrf", "salah")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = post(&manager, &app, "/admin/pemberitahuan/dibaca", &[("csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let home = page(&manager, &app, "/admin").await;
    assert_eq!(unread_badge(&home), None);
    assert!(!home.contains("id=\"mark-all-read\"") && home.contains("id=\"notices\""), "the notices stay listed");
    assert!(app.store.staff_notices(me, 10).await.unwrap().iter().all(|n| n.read));
    assert_eq!(app.store.unread_notices(me).await.unwrap(), 0);
}

/// From October, the admin is told when next year's national holidays are not loaded, and a
/// deadline in a year without them says it was counted without holidays.
#[tokio::test]
async fn a_year_without_national_holidays_is_pointed_out() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (admin, _) = staff_client(&app, "admin.kalender", &[Role::Admin, Role::Pengelola]).await;
    let clock = app.store.clock();
    let year = clock.now().year() + 1;
    let at = |month: time::Month| time::Date::from_calendar_date(year, month, 15).unwrap().midnight().assume_utc();
    let loaded = app.store.national_holiday_years(1).await.unwrap();
    assert!(!loaded.contains(&year) && !loaded.contains(&(year + 1)), "{loaded:?}");

    clock.advance(at(time::Month::March) - clock.now());
    sign_in_again(&app, &admin, "admin.kalender").await;
    assert!(!page(&admin, &app, "/admin").await.contains("id=\"calendar-missing\""), "not before October");
    clock.advance(at(time::Month::October) - clock.now());
    sign_in_again(&app, &admin, "admin.kalender").await;
    let home = page(&admin, &app, "/admin").await;
    assert!(home.contains("id=\"calendar-missing\""), "{home}");
    assert!(home.contains(&format!("Kalender hari libur nasional {} belum dimuat", year + 1)));
    assert!(home.contains("href=\"/admin/pengaturan#calendar\""));

    // A case filed now has its deadline in a year the calendar does not cover.
    let (ticket, _) = file(&app).await;
    let case = page(&admin, &app, &format!("/admin/pengaduan/{ticket}")).await;
    assert!(case.contains("id=\"due-no-calendar\""), "{case}");
    assert!(case.contains(&format!("Dihitung tanpa hari libur: kalender {year} belum dimuat.")));

    let me =
        app.store.user_by_username(1, &aduan_domain::staff::Username::parse("admin.kalender").unwrap()).await.unwrap();
    let holidays = |y: i32| aduan_domain::calendar::Holiday {
        date: time::Date::from_calendar_date(y, time::Month::January, 1).unwrap(),
        kind: aduan_domain::calendar::HolidayKind::LiburNasional,
        name: "Tahun Baru Masehi".into(),
    };
    app.store.put_holidays(1, &[holidays(year), holidays(year + 1)], &me).await.unwrap();
    assert!(!page(&admin, &app, "/admin").await.contains("id=\"calendar-missing\""));
    assert!(!page(&admin, &app, &format!("/admin/pengaduan/{ticket}")).await.contains("id=\"due-no-calendar\""));
}

#[tokio::test]
async fn a_new_article_is_a_draft_until_its_author_publishes_it() {
    let app = spawn_app().await;
    let (editor, _) = staff_client(&app, "redaksi.satu", &[Role::Redaksi]).await;
    let form = page(&editor, &app, "/admin/artikel/baru").await;
    assert!(form.contains(r#"name="published" value="1">"#), "unticked: {form}");
}

#[tokio::test]
async fn queue_views_are_saved_counted_and_deleted() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (manager, csrf) = staff_client(&app, "pengelola.tiga", &[Role::Pengelola]).await;
    let (other, other_csrf) = staff_client(&app, "pengelola.empat", &[Role::Pengelola]).await;
    for _ in 0..3 {
        file(&app).await;
    }
    let queue = page(&manager, &app, "/admin/pengaduan").await;
    assert!(queue.contains(r#"Perlu verifikasi <span class="badge">3</span>"#), "{queue}");
    assert!(queue.contains(r#"Milik saya <span class="badge">0</span>"#));
    assert!(!queue.contains("id=\"simpan-tampilan\""), "nothing filtered, nothing to save");

    // Saved as the queue reads it: no search words, no paging, no empty filters.
    let form =
        [("csrf", csrf.as_str()), ("name", "  Surat   terbuka "), ("query", "kategori=surat&q=lampu&setelah=x&dari=")];
    let (status, location, _) = post(&manager, &app, "/admin/pengaduan/tampilan", &form).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/admin/pengaduan?kategori=surat"));
    let queue = page(&manager, &app, &location).await;
    assert!(queue.contains(r#"aria-current="page">Surat terbuka <span class="badge">3</span>"#), "{queue}");
    assert!(queue.contains("id=\"simpan-tampilan\""));
    let bad = [("csrf", csrf.as_str()), ("name", "   "), ("query", "kategori=surat")];
    assert_eq!(post(&manager, &app, "/admin/pengaduan/tampilan", &bad).await.0, StatusCode::UNPROCESSABLE_ENTITY);

    // Each user's own: another neither sees nor deletes it.
    let me: i64 = user_id(&app, "pengelola.tiga").await.parse().unwrap();
    let views = app.store.saved_views(me).await.unwrap();
    assert_eq!(views.len(), 1);
    assert!(!page(&other, &app, "/admin/pengaduan").await.contains("Surat terbuka"));
    let delete = format!("/admin/pengaduan/tampilan/{}/hapus", views[0].id);
    let (status, _, _) = post(&other, &app, &delete, &[("csrf", &other_csrf), ("konfirmasi", "ya")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.saved_views(me).await.unwrap().len(), 1);
    let (status, _, html) = post(&manager, &app, &delete, &[("csrf", &csrf)]).await;
    assert!(status == StatusCode::OK && html.contains("Hapus tampilan tersimpan ini?"), "asks first");
    assert_eq!(app.store.saved_views(me).await.unwrap().len(), 1);
    let (status, _, _) = post(&manager, &app, &delete, &[("csrf", &csrf), ("konfirmasi", "ya")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(app.store.saved_views(me).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_views_count_stops_at_its_cap() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let opts = aduan_store::complaint::demo::DemoOptions {
        complaints: 1_050,
        villages: 1,
        years: 1,
        seed: 5,
        beside_real: false,
    };
    app.store.demo_data(&opts, &|_| {}).await.unwrap();
    let (manager, csrf) = staff_client(&app, "pengelola.lima", &[Role::Pengelola]).await;
    let form = [("csrf", csrf.as_str()), ("name", "Semua"), ("query", "tampil=semua")];
    let (status, location, _) = post(&manager, &app, "/admin/pengaduan/tampilan", &form).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/admin/pengaduan?tampil=semua"));
    let queue = page(&manager, &app, &location).await;
    assert!(queue.contains(r#"Semua <span class="badge">1000+</span>"#), "{queue}");
}

#[tokio::test]
async fn a_bulk_step_is_taken_case_by_case_and_audited_one_by_one() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (manager, csrf) = staff_client(&app, "pengelola.enam", &[Role::Pengelola]).await;
    staff_client(&app, "petugas.enam", &[Role::Petugas]).await;
    let officer = user_id(&app, "petugas.enam").await;
    let mut tickets = Vec::new();
    for _ in 0..3 {
        tickets.push(file(&app).await.0);
    }
    staff_step(&manager, &app, &csrf, &tickets[2], &[("action", "reject"), ("from", "diterima"), ("reason", "spam")])
        .await;
    assert!(page(&manager, &app, "/admin/pengaduan").await.contains(r#"form="massal""#));

    let form = [
        ("csrf", csrf.as_str()),
        ("tiket", tickets[0].as_str()),
        ("tiket", tickets[1].as_str()),
        ("tiket", tickets[2].as_str()),
        ("tiket", "KRB-0000-0000"),
        ("action", "disposisi"),
        ("officer", officer.as_str()),
    ];
    let before = app.store.audit_actions_for_tests(1, "complaint.disposisi").await;
    let (status, _, html) = post(&manager, &app, "/admin/pengaduan/massal", &form).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("2 pengaduan diproses.") && html.contains("2 ditolak."), "{html}");
    let refused = crate::form::between(&html, "id=\"bulk-refused\">", "</ul>");
    assert!(refused.contains(&tickets[2]) && refused.contains("KRB-0000-0000"), "{refused}");
    for t in &tickets[..2] {
        assert_eq!(status_of(&app, t).await, "diproses");
    }
    assert_eq!(status_of(&app, &tickets[2]).await, "ditolak", "a rejected case cannot be assigned");
    assert_eq!(app.store.audit_actions_for_tests(1, "complaint.disposisi").await, before + 2, "one entry per case");

    // What a step needs, every case needs: a rejection without its reason changes nothing.
    let form = [("csrf", csrf.as_str()), ("tiket", tickets[0].as_str()), ("action", "reject")];
    let (status, _, html) = post(&manager, &app, "/admin/pengaduan/massal", &form).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("0 pengaduan diproses."));
    assert_eq!(status_of(&app, &tickets[0]).await, "diproses");
    let none = [("csrf", csrf.as_str()), ("action", "reject")];
    assert_eq!(post(&manager, &app, "/admin/pengaduan/massal", &none).await.0, StatusCode::UNPROCESSABLE_ENTITY);
}
