//! The order dialogue asks what each service type needs: custom comments one per line, a poll
//! answer, drip-feed runs. What the customer typed reaches the provider exactly.

mod common;

use common::shop::Shop;

#[tokio::test]
async fn custom_comments_are_sent_one_per_line_and_counted() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(80, "en").await;
    shop.credit(&user, "5").await;
    shop.tap(&user, "New order", "Choose a category").await;
    let list = shop.tap(&user, "Instagram", "Choose a service").await;
    // Comments are bought a few at a time: priced per comment (9.60 USD per 1000 is 0.0096,
    // rounded up), and the button, too long whole, drops "Instagram", shared by the category.
    let button = "custom comments · $0.01 per comment";
    assert!(list.button(button).is_some(), "{}", tg.dump());
    for row in list.buttons.iter().flatten() {
        assert!(row.text.encode_utf16().count() <= 40, "{}", row.text);
    }
    let card = shop.tap(&user, button, "Minimum: 10, maximum: 1500").await;
    assert!(card.text.contains("Instagram custom comments"), "{}", card.text);
    assert!(card.text.contains("Price: $0.01 per comment"), "{}", card.text);
    shop.tap(&user, "Order", "Send the link").await;
    tg.send_text(&user, "https://instagram.com/p/abc");
    tg.wait_bot_message_containing(user.id, "one per line").await;

    tg.send_text(&user, "Too\nfew");
    tg.wait_bot_message_containing(user.id, "at least 10 lines").await;
    let comments: Vec<String> = (1..=12).map(|n| format!("Great post #{n}!")).collect();
    tg.send_text(&user, &format!("{}\n\n", comments.join("\n")));
    let confirmation = tg
        .wait_bot_message_containing(user.id, "Please check your order")
        .await;
    assert!(
        confirmation.text.contains("Comments: 12"),
        "{}",
        confirmation.text
    );
    // 8 USD per 1000 with 20 % markup: 12 comments cost 0.1152, rounded up to 0.12.
    assert!(
        confirmation.text.contains("Total: $0.12"),
        "{}",
        confirmation.text
    );
    shop.tap(&user, "Confirm", "is placed").await;

    let adds = shop.panel.requests_for("add");
    assert_eq!(adds.len(), 1);
    assert_eq!(adds[0]["service"], "4");
    assert_eq!(adds[0]["comments"], comments.join("\n"));
    let orders = shop.orders(&user).await;
    assert_eq!((orders[0].3, orders[0].4), (12, 12));
    shop.stop().await;
}

#[tokio::test]
async fn a_poll_order_asks_for_the_answer_number_first() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(81, "en").await;
    shop.credit(&user, "5").await;
    shop.tap(&user, "New order", "Choose a category").await;
    shop.tap(&user, "Telegram", "Choose a service").await;
    shop.tap(&user, "Telegram poll votes", "Minimum: 10, maximum: 10000")
        .await;
    shop.tap(&user, "Order", "Send the link").await;
    tg.send_text(&user, "https://t.me/mychannel/77");
    tg.wait_bot_message_containing(user.id, "Which answer").await;
    tg.send_text(&user, "0");
    tg.wait_bot_message_containing(user.id, "from 1 to 10").await;
    tg.send_text(&user, "2");
    tg.wait_bot_message_containing(user.id, "How many?").await;
    tg.send_text(&user, "100");
    let confirmation = tg
        .wait_bot_message_containing(user.id, "Please check your order")
        .await;
    assert!(
        confirmation.text.contains("Poll answer: №2"),
        "{}",
        confirmation.text
    );
    shop.tap(&user, "Confirm", "is placed").await;

    let adds = shop.panel.requests_for("add");
    assert_eq!(adds.len(), 1);
    assert_eq!(adds[0]["service"], "5");
    assert_eq!(adds[0]["answer_number"], "2");
    assert_eq!(adds[0]["quantity"], "100");
    shop.stop().await;
}

#[tokio::test]
async fn a_drip_feed_order_is_charged_for_every_run() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(82, "en").await;
    shop.credit(&user, "5").await;
    shop.tap(&user, "New order", "Choose a category").await;
    shop.tap(&user, "Instagram", "Choose a service").await;
    shop.tap(&user, "Instagram followers", "Minimum: 50, maximum: 5000")
        .await;
    shop.tap(&user, "Order", "Send the link").await;
    tg.send_text(&user, "https://instagram.com/someone");
    tg.wait_bot_message_containing(user.id, "How many?").await;
    tg.send_text(&user, "100");
    // Before the customer answers, the question says what runs deliver in all and cost.
    let question = tg.wait_bot_message_containing(user.id, "Or in runs").await;
    for expected in [
        "All at once: 100 for $0.15",
        "every run delivers 100 and is paid for",
        "5 runs every 30 minutes = 500 in all for $0.72",
    ] {
        assert!(
            question.text.contains(expected),
            "{expected:?} in {}",
            question.text
        );
    }
    tg.send_text(&user, "5");
    tg.wait_bot_message_containing(user.id, "Please send two numbers")
        .await;
    tg.send_text(&user, "5 30");
    let confirmation = tg
        .wait_bot_message_containing(user.id, "Please check your order")
        .await;
    assert!(
        confirmation.text.contains("Quantity: 500"),
        "{}",
        confirmation.text
    );
    assert!(
        confirmation
            .text
            .contains("Drip-feed: 5 runs × 100, every 30 min (500 in all)"),
        "{}",
        confirmation.text
    );
    // 1.20 USD per 1000 with 20 % markup is 1.44; 500 followers cost 0.72.
    assert!(
        confirmation.text.contains("Total: $0.72"),
        "{}",
        confirmation.text
    );
    shop.tap(&user, "Confirm", "is placed").await;

    let adds = shop.panel.requests_for("add");
    assert_eq!(
        (
            adds[0]["quantity"].as_str(),
            adds[0]["runs"].as_str(),
            adds[0]["interval"].as_str()
        ),
        ("100", "5", "30")
    );
    assert_eq!(shop.balance(&user).await, 500 - 72);

    // The same service delivered all at once is an ordinary order.
    shop.tap(&user, "Menu", "Choose what").await;
    shop.tap(&user, "New order", "Choose a category").await;
    shop.tap(&user, "Instagram", "Choose a service").await;
    shop.tap(&user, "Instagram followers", "Minimum").await;
    shop.tap(&user, "Order", "Send the link").await;
    tg.send_text(&user, "https://instagram.com/someone");
    tg.wait_bot_message_containing(user.id, "How many?").await;
    tg.send_text(&user, "100");
    tg.wait_bot_message_containing(user.id, "Or in runs").await;
    let confirmation = shop.tap(&user, "All at once", "Please check your order").await;
    assert!(
        confirmation.text.contains("Total: $0.15"),
        "{}",
        confirmation.text
    );
    shop.tap(&user, "Confirm", "is placed").await;
    let adds = shop.panel.requests_for("add");
    assert!(!adds[1].contains_key("runs"));
    shop.stop().await;
}
