//! Finding cases by their words and by their citizen, on either database.

use crate::{fixture, input, new_complaint};
use aduan_domain::access::Roles;
use aduan_domain::complaint::PublicVersion;
use aduan_domain::search::Query;
use aduan_domain::staff::Username;
use aduan_domain::{Action, Actor, Pin, Role, Status, Ticket};
use aduan_store::complaint::handling::Step;
use aduan_store::complaint::queue::QueueFilter;
use aduan_store::complaint::search::identity::IdentityKey;
use aduan_store::complaint::search::{Ranking, SearchCursor};
use aduan_store::platform::credentials::hash_secret;
use aduan_store::platform::users::StaffUser;

async fn file(f: &crate::Fixture, title: &str, description: &str) -> Ticket {
    let pin = Pin::parse("123456").unwrap();
    let mut c = new_complaint(f, title, &pin).await;
    c.draft.description = description.into();
    f.store.submit(c).await.unwrap()
}

async fn found(f: &crate::Fixture, typed: &str) -> Vec<String> {
    let q = Query::parse(typed);
    let page = f.store.search(f.village_id, &q, &QueueFilter::default(), None, 50, Ranking::default()).await.unwrap();
    page.hits.into_iter().map(|h| h.item.ticket).collect()
}

async fn user(f: &crate::Fixture, name: &str, roles: &[Role]) -> StaffUser {
    let id = f
        .store
        .create_user(
            f.village_id,
            &Username::parse(name).unwrap(),
            name,
            &hash_secret("x").unwrap(),
            &Roles::new(roles.to_vec()),
            None,
        )
        .await
        .unwrap();
    f.store.user(id).await.unwrap()
}

#[tokio::test]
async fn words_are_found_by_their_stem_in_texts_replies_and_notes_and_odd_input_never_fails() {
    let f = fixture().await;
    let road = file(&f, "Jalannya berlubang", "Lubang besar di depan balai dusun.").await;
    let lamp = file(&f, "Lampu padam", "Penerangan jalan di pertigaan mati, gelap sekali.").await;
    let other = file(&f, "Surat pengantar", "Surat belum selesai diproses.").await;
    // Both hold the word once; the shorter text ranks first, on both databases.
    assert_eq!(found(&f, "jalan").await, vec![road.to_string(), lamp.to_string()]);
    assert_eq!(found(&f, "JALANNYA").await.len(), 2);
    assert_eq!(found(&f, "lubang balai").await, vec![road.to_string()], "every word must match");
    assert!(found(&f, "kambing").await.is_empty(), "a word no case holds");
    // Quotes make a phrase; the same words apart do not match it.
    assert_eq!(found(&f, "\"lampu padam\"").await, vec![lamp.to_string()]);
    assert!(found(&f, "\"padam lampu\"").await.is_empty());
    for odd in ["lampu* OR (jalan", "\"", "'; DROP TABLE complaints; --", "NEAR(a b)", "&|!<->:*", "🙂", "yang dan"] {
        f.store
            .search(f.village_id, &Query::parse(odd), &QueueFilter::default(), None, 10, Ranking::default())
            .await
            .unwrap();
    }

    // A reply and an internal note are searched too, as soon as they are written.
    let sekdes = user(&f, "sekdes", &[Role::Pengelola]).await;
    f.store.add_message(&other, true, "Surat sudah ditandatangani kepala desa.", &sekdes).await.unwrap();
    f.store.add_message(&other, false, "Koordinasi dengan kecamatan soal stempel.", &sekdes).await.unwrap();
    assert_eq!(found(&f, "ditandatangani").await, vec![other.to_string()]);
    assert_eq!(found(&f, "stempel").await, vec![other.to_string()]);

    // An edited public version is searched too.
    let version = PublicVersion { title: "Jalan rusak di dusun".into(), description: "Aspal mengelupas.".into() };
    f.store.set_public_version(f.village_id, &road, Some(&version), &sekdes).await.unwrap();
    assert_eq!(found(&f, "aspal").await, vec![road.to_string()]);

    // The queue's filters apply to the words' matches.
    let step = Step::new(Action::Disposisi, Status::Diproses, Actor::Staff(Role::Pengelola));
    f.store.take_step(&lamp, Status::Diterima, &step, &sekdes).await.unwrap();
    let q = Query::parse("jalan");
    let only = QueueFilter { status: Some(Status::Diproses), ..QueueFilter::default() };
    let page = f.store.search(f.village_id, &q, &only, None, 10, Ranking::default()).await.unwrap();
    assert_eq!(page.hits.iter().map(|h| h.item.ticket.clone()).collect::<Vec<_>>(), vec![lamp.to_string()]);
    assert!(page.hits[0].description.contains("pertigaan"));
}

#[tokio::test]
async fn the_best_matches_come_first_and_the_rest_follow_newest_first_page_by_page() {
    let f = fixture().await;
    let mut tickets = Vec::new();
    for n in 0..30 {
        // Every fifth case says "sampah" three times: those rank first.
        let text = if n % 5 == 0 { "Sampah sampah sampah menumpuk." } else { "Ada sampah di selokan dekat pasar." };
        tickets.push(file(&f, &format!("Laporan {n}"), text).await.to_string());
    }
    let q = Query::parse("sampah");
    let ranking = Ranking { ranked_from: 8, within: 1_000, best: 4 };
    let (mut seen, mut after) = (Vec::new(), None);
    loop {
        let page = f.store.search(f.village_id, &q, &QueueFilter::default(), after, 3, ranking).await.unwrap();
        assert!(page.hits.len() <= 3);
        seen.extend(page.hits.into_iter().map(|h| h.item.ticket));
        match page.next {
            Some(next) => after = Some(SearchCursor::decode(&next.encode()).unwrap()),
            None => break,
        }
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 30, "every match once: {seen:?}");
    // Of the newest eight (29..22), the two loud ones (25, 20 is older) come first.
    assert_eq!(seen[0], tickets[25]);
    // After the best four, the rest newest first.
    let rest: Vec<&String> = seen[4..].iter().collect();
    let mut newest_first = rest.clone();
    newest_first.sort_by_key(|t| std::cmp::Reverse(tickets.iter().position(|x| x == *t)));
    assert_eq!(rest, newest_first);
}

#[tokio::test]
async fn citizens_are_found_by_phone_nik_email_and_name_only_by_roles_that_see_them() {
    let f = fixture().await;
    let pin = Pin::parse("123456").unwrap();
    let plain = f.store.submit(new_complaint(&f, "Biasa", &pin).await).await.unwrap();
    let mut secret = new_complaint(&f, "Rahasia", &pin).await;
    let mut i = input("Rahasia");
    i.identity_mode = "rahasia".into();
    secret.draft = i.validate(time::OffsetDateTime::now_utc().date()).unwrap().draft;
    let secret = f.store.submit(secret).await.unwrap();

    let manager = user(&f, "pengelola", &[Role::Pengelola]).await;
    let head = user(&f, "kades", &[Role::Kades]).await;
    let overseer = user(&f, "pengawas", &[Role::Pengawas]).await;
    let officer = user(&f, "petugas", &[Role::Petugas]).await;
    let find = |typed: &'static str, by: StaffUser| {
        let store = f.store.clone();
        let village = f.village_id;
        async move {
            let key = IdentityKey::parse(typed).unwrap();
            let (items, _) =
                store.find_by_identity(village, &key, &by, &QueueFilter::default(), None, 10).await.unwrap();
            let mut tickets: Vec<String> = items.into_iter().map(|i| i.ticket).collect();
            tickets.sort();
            tickets
        }
    };
    let both = {
        let mut t = vec![plain.to_string(), secret.to_string()];
        t.sort();
        t
    };
    // Typed as people type them.
    for typed in ["0812-0000-1111", "+62 812 0000 1111", "3303011203900001", "WARGA@contoh.id", "warga contoh", "Warga"]
    {
        assert_eq!(find(typed, manager.clone()).await, both, "{typed}");
    }
    assert!(find("0813-0000-1111", manager.clone()).await.is_empty(), "another number");
    // The head sees names but may not reveal contacts; never a `rahasia` case.
    assert_eq!(find("warga contoh", head.clone()).await, vec![plain.to_string()]);
    assert!(find("0812-0000-1111", head.clone()).await.is_empty());
    // The overseer never finds anyone by identity.
    assert!(find("warga contoh", overseer.clone()).await.is_empty());
    assert!(find("3303011203900001", overseer.clone()).await.is_empty());
    // An officer only among the cases assigned to them, and never a `rahasia` one.
    assert!(find("0812-0000-1111", officer.clone()).await.is_empty());
    for ticket in [&plain, &secret] {
        let mut step = Step::new(Action::Disposisi, Status::Diproses, Actor::Staff(Role::Pengelola));
        step.assign_to = Some(officer.id);
        f.store.take_step(ticket, Status::Diterima, &step, &manager).await.unwrap();
    }
    assert_eq!(find("0812-0000-1111", officer.clone()).await, vec![plain.to_string()]);
    // Names never enter the shared word index.
    assert!(found(&f, "warga contoh").await.is_empty());
    // Each look-up is audited, without what was typed.
    let details = f.store.audit_details_for_tests(f.village_id, "complaint.identity_search").await;
    assert!(details.len() >= 10 && details.iter().all(|d| !d.contains("0812") && !d.contains("warga")), "{details:?}");
}

#[tokio::test]
async fn the_index_is_rebuilt_for_cases_that_lack_it() {
    let f = fixture().await;
    let road = file(&f, "Jalannya berlubang", "Lubang besar.").await;
    let sekdes = user(&f, "sekdes", &[Role::Pengelola]).await;
    f.store.add_message(&road, false, "Perlu aspal dua karung.", &sekdes).await.unwrap();
    assert!(!f.store.search_index_missing().await.unwrap());
    f.store.tamper_for_tests("DELETE FROM complaint_words").await;
    f.store.tamper_for_tests("DELETE FROM complainant_names").await;
    assert!(found(&f, "aspal").await.is_empty());
    assert!(f.store.search_index_missing().await.unwrap());
    let seen = std::sync::Mutex::new(Vec::new());
    assert_eq!(f.store.rebuild_search_index(&|n| seen.lock().unwrap().push(n)).await.unwrap(), 1);
    assert_eq!(seen.into_inner().unwrap(), vec![1]);
    assert!(!f.store.search_index_missing().await.unwrap());
    assert_eq!(found(&f, "aspal").await, vec![road.to_string()]);
    assert_eq!(found(&f, "jalan").await, vec![road.to_string()]);
    let key = IdentityKey::parse("warga contoh").unwrap();
    let (items, _) =
        f.store.find_by_identity(f.village_id, &key, &sekdes, &QueueFilter::default(), None, 5).await.unwrap();
    assert_eq!(items.len(), 1);
}

#[tokio::test]
async fn only_the_newest_cases_are_ranked_and_every_match_is_found_across_slices_of_ids() {
    let f = fixture().await;
    let mut tickets = Vec::new();
    for n in 0..30 {
        let text = if n % 5 == 0 { "Sampah sampah sampah menumpuk." } else { "Ada sampah di selokan dekat pasar." };
        tickets.push(file(&f, &format!("Laporan {n}"), text).await.to_string());
    }
    file(&f, "Laporan lain", "Tidak ada hubungannya.").await;
    // PostgreSQL looks among the newest two ids first, then 8, then the rest: the matches span
    // three slices. SQLite asks its index once; both must find the same.
    let store = f.store.clone().with_search_slice_for_tests(2);
    let q = Query::parse("sampah");
    // Ranked among the newest seven cases only (the last one holds no match): of the loud ones
    // only 25 is among them, so 20, 15, … follow newest first with the rest.
    let ranking = Ranking { ranked_from: 8, within: 7, best: 3 };
    let (mut seen, mut after) = (Vec::new(), None);
    loop {
        let page = store.search(f.village_id, &q, &QueueFilter::default(), after, 3, ranking).await.unwrap();
        seen.extend(page.hits.into_iter().map(|h| h.item.ticket));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 30, "every match once: {seen:?}");
    assert_eq!(seen[0], tickets[25]);
    assert_eq!(&seen[1..3], &[tickets[29].clone(), tickets[28].clone()]);
    let rest: Vec<&String> = seen[3..].iter().collect();
    let expected: Vec<&String> = tickets.iter().rev().filter(|t| !seen[..3].contains(t)).collect();
    assert_eq!(rest, expected);

    // A full first page of the best with nothing older: no empty next page.
    let few = Query::parse("menumpuk");
    let ranking = Ranking { ranked_from: 8, within: 7, best: 1 };
    let page = store.search(f.village_id, &few, &QueueFilter::default(), None, 1, ranking).await.unwrap();
    assert_eq!(page.hits[0].item.ticket, tickets[25]);
    let next = page.next.expect("older loud ones follow");
    let page = store.search(f.village_id, &few, &QueueFilter::default(), Some(next), 10, ranking).await.unwrap();
    assert_eq!(page.hits.len(), 5);
    assert_eq!(page.next, None);
    let lone = Query::parse("hubungannya");
    let page = store.search(f.village_id, &lone, &QueueFilter::default(), None, 1, ranking).await.unwrap();
    assert_eq!((page.hits.len(), page.next), (1, None));

    // The name look-up pages across slices as well.
    let sekdes = user(&f, "sekdes", &[Role::Pengelola]).await;
    let key = IdentityKey::parse("warga").unwrap();
    let (mut names, mut below) = (Vec::new(), None);
    loop {
        let (items, next) =
            store.find_by_identity(f.village_id, &key, &sekdes, &QueueFilter::default(), below, 4).await.unwrap();
        names.extend(items.into_iter().map(|i| i.ticket));
        match next {
            Some(id) => below = Some(id),
            None => break,
        }
    }
    assert_eq!(names.len(), 31, "{names:?}");
    assert_eq!(names[1], tickets[29]);
}
