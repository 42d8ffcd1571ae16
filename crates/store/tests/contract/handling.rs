use crate::{fixture, new_complaint};
use aduan_domain::access::Roles;
use aduan_domain::staff::Username;
use aduan_domain::{Action, Actor, Pin, Role, Status};
use aduan_store::complaint::handling::{Step, StepError};
use aduan_store::complaint::queue::{Cursor, QueueFilter};
use aduan_store::platform::credentials::hash_secret;

#[tokio::test]
async fn steps_follow_the_state_machine_and_keep_counts_history_and_audit() {
    let f = fixture().await;
    let pin = Pin::parse("123456").unwrap();
    let ticket = f.store.submit(new_complaint(&f, "Langkah penanganan", &pin).await).await.unwrap();
    let roles = Roles::new(vec![Role::Pengelola]);
    let id = f
        .store
        .create_user(
            f.village_id,
            &Username::parse("sekdes").unwrap(),
            "Sekdes",
            &hash_secret("x").unwrap(),
            &roles,
            None,
        )
        .await
        .unwrap();
    let sekdes = f.store.user(id).await.unwrap();
    let manager = Actor::Staff(Role::Pengelola);

    // Not allowed from diterima, and a stale view is refused.
    let resolve = Step::new(Action::Resolve, Status::Selesai, manager);
    assert!(matches!(
        f.store.take_step(&ticket, Status::Diterima, &resolve, &sekdes).await,
        Err(StepError::Transition(_))
    ));
    let mut assign = Step::new(Action::Disposisi, Status::Diproses, manager);
    assign.assign_to = Some(id);
    assert!(matches!(f.store.take_step(&ticket, Status::Diproses, &assign, &sekdes).await, Err(StepError::Stale)));

    let due_days = || async {
        let (kept, read) = f.store.due_days_both_ways_for_tests(f.village_id).await;
        assert_eq!(kept, read, "open cases by the day their clock ends");
        let (kept_open, read_open) = f.store.open_days_both_ways_for_tests(f.village_id).await;
        assert_eq!(kept_open, read_open, "open cases by the day they were received");
        kept.values().sum::<i64>()
    };
    assert_eq!(due_days().await, 1, "the verification clock runs");
    f.store.take_step(&ticket, Status::Diterima, &assign, &sekdes).await.unwrap();
    assert_eq!(due_days().await, 1, "the resolution clock runs");
    f.store.add_message(&ticket, true, "Sedang kami proses.", &sekdes).await.unwrap();
    f.store.add_message(&ticket, false, "Cek arsip kantor.", &sekdes).await.unwrap();
    let mut done = resolve.clone();
    done.public_note = Some("Surat sudah selesai dan dapat diambil.".into());
    f.store.take_step(&ticket, Status::Diproses, &done, &sekdes).await.unwrap();

    assert_eq!(due_days().await, 0, "no clock runs once resolved");
    let case = f.store.case(&ticket).await.unwrap();
    assert_eq!(case.status, Status::Selesai);
    assert_eq!(case.messages.len(), 1, "the citizen sees public replies only");
    assert_eq!(case.history.len(), 3);
    assert_eq!(case.history[2].note.as_deref(), Some("Surat sudah selesai dan dapat diambil."));
    assert_eq!(f.store.internal_notes(case.id).await.unwrap().len(), 1);
    assert_eq!(f.store.assigned_to(&ticket).await.unwrap(), Some(id));
    let counts = f.store.status_counts(f.village_id).await.unwrap();
    assert_eq!(counts.get("selesai"), Some(&1));
    assert_eq!(counts.get("diterima"), Some(&0));
    assert!(matches!(
        f.store.verify_audit_chain(f.village_id).await.unwrap(),
        aduan_store::platform::audit::ChainCheck::Intact { .. }
    ));
}

#[tokio::test]
async fn the_queue_filters_and_pages_by_keyset() {
    let f = fixture().await;
    let pin = Pin::parse("123456").unwrap();
    let mut tickets = Vec::new();
    for i in 0..7 {
        tickets.push(f.store.submit(new_complaint(&f, &format!("Antrean nomor {i}"), &pin).await).await.unwrap());
    }
    let all = QueueFilter::default();
    let (page1, next) = f.store.queue(f.village_id, &all, None, 3).await.unwrap();
    let next = next.unwrap();
    let (page2, next2) =
        f.store.queue(f.village_id, &all, Some(&Cursor::decode(&next.encode()).unwrap()), 3).await.unwrap();
    let (page3, end) = f.store.queue(f.village_id, &all, next2.as_ref(), 3).await.unwrap();
    assert_eq!((page1.len(), page2.len(), page3.len()), (3, 3, 1));
    assert!(end.is_none());
    let mut seen: Vec<_> = page1.iter().chain(&page2).chain(&page3).map(|i| i.ticket.clone()).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 7, "no case twice, none missed");

    let one = QueueFilter { ticket: Some(tickets[3].clone()), ..Default::default() };
    let (found, _) = f.store.queue(f.village_id, &one, None, 10).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].title, "Antrean nomor 3");
    let processed = QueueFilter { status: Some(Status::Diproses), ..Default::default() };
    assert!(f.store.queue(f.village_id, &processed, None, 10).await.unwrap().0.is_empty());
    let by_category = QueueFilter { category: Some("surat".into()), ..Default::default() };
    assert!(f.store.queue(f.village_id, &by_category, None, 10).await.unwrap().0.is_empty());
    let overdue = QueueFilter { overdue: true, ..Default::default() };
    assert!(f.store.queue(f.village_id, &overdue, None, 10).await.unwrap().0.is_empty());
    assert_eq!(f.store.status_counts(f.village_id).await.unwrap().get("diterima"), Some(&7));
}

/// Open cases first, closed ones behind a filter: each is paged by keyset over one arm per status,
/// and gives exactly the cases the whole queue holds with those statuses, in the same order.
#[tokio::test]
async fn open_and_closed_cases_are_paged_apart_in_the_queues_order() {
    let f = fixture().await;
    let opts = aduan_store::complaint::demo::DemoOptions {
        complaints: 400,
        villages: 1,
        years: 1,
        seed: 11,
        beside_real: false,
    };
    f.store.demo_data(&opts, &|_| {}).await.unwrap();
    async fn pages(f: &crate::Fixture, filter: &QueueFilter) -> Vec<(String, Status)> {
        let (mut out, mut after) = (Vec::new(), None);
        loop {
            let (items, next) = f.store.queue(f.village_id, filter, after.as_ref(), 7).await.unwrap();
            out.extend(items.into_iter().map(|i| (i.ticket, i.status)));
            match next {
                Some(n) => after = Some(n),
                None => return out,
            }
        }
    }
    let all = pages(&f, &QueueFilter::default()).await;
    assert_eq!(all.len(), 400);
    for open in [true, false] {
        let expected: Vec<_> = all.iter().filter(|(_, s)| s.is_open() == open).cloned().collect();
        assert!(!expected.is_empty());
        let got = pages(&f, &QueueFilter { open: Some(open), ..Default::default() }).await;
        assert_eq!(got, expected, "open: {open}");
        // With another filter beside it, and the overdue view within the open cases.
        let sms = QueueFilter { open: Some(open), channel: Some("sms".into()), ..Default::default() };
        let by_sms = pages(&f, &QueueFilter { channel: Some("sms".into()), ..Default::default() }).await;
        let expected: Vec<_> = by_sms.into_iter().filter(|(_, s)| s.is_open() == open).collect();
        assert_eq!(pages(&f, &sms).await, expected);
    }
    let overdue = pages(&f, &QueueFilter { overdue: true, ..Default::default() }).await;
    assert_eq!(pages(&f, &QueueFilter { overdue: true, open: Some(true), ..Default::default() }).await, overdue);
    assert!(pages(&f, &QueueFilter { overdue: true, open: Some(false), ..Default::default() }).await.is_empty());
    // A status chosen overrides the open filter.
    let chosen = QueueFilter { status: Some(Status::Selesai), open: Some(true), ..Default::default() };
    assert!(pages(&f, &chosen).await.iter().all(|(_, s)| *s == Status::Selesai));
}
