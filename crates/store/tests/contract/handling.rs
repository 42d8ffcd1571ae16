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
