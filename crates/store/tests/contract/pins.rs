use crate::{fixture, new_complaint};
use aduan_domain::Pin;
use aduan_store::pin_check::{MAX_TRIES, PinOutcome};

#[tokio::test]
async fn five_wrong_pins_lock_the_ticket_even_for_the_right_pin() {
    let f = fixture().await;
    let pin = Pin::parse("246810").unwrap();
    let ticket = f.store.submit(new_complaint(&f, "Kunci PIN diuji", &pin).await).await.unwrap();
    let wrong = Pin::parse("000000").unwrap();
    assert_eq!(f.store.check_pin(&ticket, &pin).await.unwrap(), PinOutcome::Granted);
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
    assert_eq!(f.store.check_pin(&ticket, &pin).await.unwrap(), PinOutcome::Granted);
    assert_eq!(f.store.check_pin(&ticket, &wrong).await.unwrap(), PinOutcome::Wrong { tries_left: MAX_TRIES - 1 });
}
