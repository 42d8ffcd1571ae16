use crate::{fixture, new_complaint};
use aduan_domain::Pin;
use aduan_store::complaint::pin_check::{MAX_TRIES, PinOutcome};

#[tokio::test]
async fn five_wrong_pins_lock_the_ticket_even_for_the_right_pin() {
    let f = fixture().await;
    let pin = Pin::parse("246810").unwrap();
    let ticket = f.store.submit(new_complaint(&f, "Kunci PIN diuji", &pin).await).await.unwrap();
    let wrong = Pin::parse("000000").unwrap();
    assert_eq!(f.store.check_pin(&ticket, &pin).await.unwrap(), PinOutcome::Granted { version: 1 });
    for left in (1..MAX_TRIES).rev() {
        assert_eq!(f.store.check_pin(&ticket, &wrong).await.unwrap(), PinOutcome::Wrong { tries_left: left });
    }
    assert!(matches!(f.store.check_pin(&ticket, &wrong).await.unwrap(), PinOutcome::Locked { .. }));
    assert!(matches!(f.store.check_pin(&ticket, &pin).await.unwrap(), PinOutcome::Locked { .. }));
}

#[tokio::test]
async fn a_right_pin_resets_the_count() {
    let f = fixture().await;
    let pin = Pin::parse("135790").unwrap();
    let ticket = f.store.submit(new_complaint(&f, "Hitungan PIN direset", &pin).await).await.unwrap();
    let wrong = Pin::parse("111111").unwrap();
    for _ in 0..MAX_TRIES - 1 {
        f.store.check_pin(&ticket, &wrong).await.unwrap();
    }
    assert_eq!(f.store.check_pin(&ticket, &pin).await.unwrap(), PinOutcome::Granted { version: 1 });
    assert_eq!(f.store.check_pin(&ticket, &wrong).await.unwrap(), PinOutcome::Wrong { tries_left: MAX_TRIES - 1 });
}

#[tokio::test]
async fn parallel_wrong_pins_are_each_counted_and_the_lock_is_not_lifted_by_a_new_pin_request() {
    let f = fixture().await;
    let pin = Pin::parse("975310").unwrap();
    let ticket = f.store.submit(new_complaint(&f, "Tebakan PIN paralel", &pin).await).await.unwrap();
    let guesses = (0..40).map(|i| {
        let (store, ticket) = (f.store.clone(), ticket.clone());
        tokio::spawn(async move { store.check_pin(&ticket, &Pin::parse(&format!("{:06}", 100 + i)).unwrap()).await })
    });
    let mut wrong = 0;
    let mut locking = 0;
    for g in guesses {
        match g.await.unwrap().unwrap() {
            PinOutcome::Wrong { .. } => wrong += 1,
            PinOutcome::Locked { fresh: true, .. } => locking += 1,
            PinOutcome::Locked { fresh: false, .. } => {}
            PinOutcome::Granted { .. } => panic!("no guess is right"),
        }
    }
    assert_eq!((wrong, locking), (MAX_TRIES - 1, 1), "exactly the allowed number of guesses was checked");
    assert!(matches!(f.store.check_pin(&ticket, &pin).await.unwrap(), PinOutcome::Locked { .. }));
    let reachable = aduan_domain::notice::Reachable::ALL;
    f.store.reset_pin(&ticket, reachable).await.unwrap();
    assert!(matches!(f.store.check_pin(&ticket, &pin).await.unwrap(), PinOutcome::Locked { .. }), "still locked");
}

#[tokio::test]
async fn an_old_argon2_pin_hash_still_opens_the_case_and_is_replaced_by_the_keyed_hash() {
    let f = fixture().await;
    let pin = Pin::parse("864200").unwrap();
    let ticket = f.store.submit(new_complaint(&f, "Hash PIN lama", &pin).await).await.unwrap();
    assert!(f.store.pin_hash_for_tests(&ticket).await.starts_with("hmac-sha256$"), "never stored as Argon2 now");
    f.store.set_legacy_pin_for_tests(&ticket, &pin).await;
    assert!(f.store.pin_hash_for_tests(&ticket).await.starts_with("$argon2id$"));
    let wrong = Pin::parse("864201").unwrap();
    assert_eq!(f.store.check_pin(&ticket, &wrong).await.unwrap(), PinOutcome::Wrong { tries_left: MAX_TRIES - 1 });
    assert_eq!(f.store.check_pin(&ticket, &pin).await.unwrap(), PinOutcome::Granted { version: 1 });
    assert!(f.store.pin_hash_for_tests(&ticket).await.starts_with("hmac-sha256$"));
    assert_eq!(f.store.check_pin(&ticket, &pin).await.unwrap(), PinOutcome::Granted { version: 1 });
}

/// The right PIN is the sixth guess sent: compared only if the check let a guess through beyond
/// the tries left while the first five were still running. The old Argon2 form makes each
/// comparison slow, so the guesses really overlap.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_forty_parallel_guesses_with_the_right_pin_among_them_no_more_than_the_allowed_are_compared() {
    let f = fixture().await;
    for round in 0..5 {
        let pin = Pin::parse(&format!("{:06}", 500_000 + round)).unwrap();
        let ticket = f.store.submit(new_complaint(&f, "Tebakan dengan PIN benar", &pin).await).await.unwrap();
        f.store.set_legacy_pin_for_tests(&ticket, &pin).await;
        let guesses = (0..40u32).map(|i| {
            let (store, ticket) = (f.store.clone(), ticket.clone());
            let guess = if i == 5 { pin.clone() } else { Pin::parse(&format!("{:06}", 100 + i)).unwrap() };
            tokio::spawn(async move { store.check_pin(&ticket, &guess).await })
        });
        let mut compared = 0;
        for g in guesses {
            match g.await.unwrap().unwrap() {
                PinOutcome::Wrong { .. } | PinOutcome::Granted { .. } | PinOutcome::Locked { fresh: true, .. } => {
                    compared += 1
                }
                PinOutcome::Locked { fresh: false, .. } => {}
            }
        }
        assert!(compared <= MAX_TRIES, "round {round}: {compared} guesses were compared");
    }
}
