//! Orders live on, end to end: the poller follows orders at the fake panel, the customer is
//! told each meaningful change in Telegram, refunds land once — also across a restart.

mod common;

use common::fake_telegram::TestUser;
use common::shop::Shop;

/// Orders 1000 subscribers (1.08 USD) through the dialogue; returns our order number.
async fn order_subscribers(shop: &Shop, user: &TestUser) -> i64 {
    let tg = &shop.telegram;
    shop.tap(user, "New order", "Choose a category").await;
    shop.tap(user, "Telegram", "Choose a service").await;
    shop.tap(user, "Telegram subscribers", "Minimum").await;
    shop.tap(user, "Order", "Send the link").await;
    tg.send_text(user, "https://t.me/mychannel");
    tg.wait_bot_message_containing(user.id, "How many?").await;
    tg.send_text(user, "1000");
    tg.wait_bot_message_containing(user.id, "Please check your order")
        .await;
    let placed = shop.tap(user, "Confirm", "is placed").await;
    let id = placed
        .text
        .split('#')
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("order number");
    shop.tap(user, "Menu", "Choose what").await;
    id.parse().expect("numeric order number")
}

/// Waits for a bot message to the customer containing all of `needles`.
async fn wait_notice(shop: &Shop, user: &TestUser, needles: &[&str]) {
    let what = format!("a notice with {needles:?}");
    shop.telegram
        .wait_for(&what, |seen| {
            seen.bot_messages(user.id)
                .find(|m| needles.iter().all(|n| m.text.contains(n)))
                .cloned()
        })
        .await;
}

fn count_messages(shop: &Shop, user: &TestUser, needle: &str) -> usize {
    shop.telegram
        .bot_messages(user.id)
        .iter()
        .filter(|m| m.text.contains(needle))
        .count()
}

#[tokio::test]
async fn the_customer_follows_orders_to_completed_partial_and_canceled() {
    let mut shop = Shop::start().await;
    let user = shop.customer(70, "en").await;
    shop.credit(&user, "5").await;
    let completed = order_subscribers(&shop, &user).await;
    let partial = order_subscribers(&shop, &user).await;
    let canceled = order_subscribers(&shop, &user).await;
    let provider_id = |order: i64| (999 + order).to_string();

    for order in [completed, partial, canceled] {
        shop.panel.set_order_status(&provider_id(order), "Pending", 1000);
    }
    for order in [completed, partial, canceled] {
        shop.panel
            .set_order_status(&provider_id(order), "In progress", 400);
    }
    for order in [completed, partial, canceled] {
        wait_notice(&shop, &user, &[&format!("#{order} has started")]).await;
    }

    shop.panel
        .set_order_status(&provider_id(completed), "Completed", 0);
    wait_notice(&shop, &user, &[&format!("#{completed} is complete")]).await;

    // A restart in the middle: the rest is followed by a new process, nothing twice.
    shop.restart().await;
    shop.panel.set_order_status(&provider_id(partial), "Partial", 250);
    shop.panel
        .set_order_status(&provider_id(canceled), "Canceled", 1000);
    // 1.08 × 250 / 1000 = 0.27 back for the partial one, all of it for the canceled one.
    wait_notice(
        &shop,
        &user,
        &[
            &format!("#{partial} was only partly delivered"),
            "$0.27 has been returned",
        ],
    )
    .await;
    wait_notice(
        &shop,
        &user,
        &[&format!("#{canceled} was canceled"), "$1.08 has been returned"],
    )
    .await;
    shop.restart().await;
    // Three poll rounds (a second each) for the restarted poller and notifier to repeat
    // anything they would wrongly repeat. Nothing new may arrive.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;

    // A quick order has no news between its start and its end.
    assert_eq!(
        count_messages(&shop, &user, "is on its way"),
        0,
        "{}",
        shop.telegram.dump()
    );
    for (order, needle) in [
        (completed, "has started"),
        (completed, "is complete"),
        (partial, "was only partly delivered"),
        (canceled, "was canceled"),
    ] {
        assert_eq!(
            count_messages(&shop, &user, &format!("#{order} {needle}")),
            1,
            "#{order} {needle}:\n{}",
            shop.telegram.dump()
        );
    }
    assert_eq!(
        shop.ledger(&user).await,
        vec![
            ("admin_credit".into(), 500),
            ("order_charge".into(), -108),
            ("order_charge".into(), -108),
            ("order_charge".into(), -108),
            ("order_refund".into(), 27),
            ("order_refund".into(), 108),
        ]
    );
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}
