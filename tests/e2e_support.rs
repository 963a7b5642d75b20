//! Support end to end, through the fake Telegram: a customer writes (text and a photo), every
//! admin gets it with who wrote it, an admin's reply reaches the customer — across a restart
//! too — and the customer can answer back; `/tickets` lists and closes tickets, for admins only;
//! writing too much gets a polite answer and nothing more.

mod common;

use common::fake_telegram::{Content, TestUser};
use common::shop::{ADMIN_ID, Shop};

const CUSTOMER: i64 = 5;
const PROMPT: &str = "Write your question";
const SENT: &str = "reached support";
const UNKNOWN_COMMAND: &str = "I do not know that command";

fn admin() -> TestUser {
    TestUser::new(ADMIN_ID, "en")
}

async fn shop() -> Shop {
    Shop::with_settings(&[("SUPPORT_CONTACT", "@shop_help".to_string())]).await
}

/// `(state, closed_by)` of every ticket, oldest first.
async fn tickets(shop: &Shop) -> Vec<(i64, i64, String, Option<i64>)> {
    sqlx::query_as("SELECT id, user_id, state, closed_by FROM support_tickets ORDER BY id")
        .fetch_all(shop.db.pool())
        .await
        .expect("ticket rows")
}

/// `(ticket, direction, author, text, has a photo)` of every support message, oldest first.
async fn messages(shop: &Shop) -> Vec<(i64, String, i64, String, bool)> {
    sqlx::query_as(
        "SELECT ticket_id, direction, author_id, text, photo_file_id IS NOT NULL
         FROM support_messages ORDER BY id",
    )
    .fetch_all(shop.db.pool())
    .await
    .expect("support message rows")
}

/// The customer opens the menu and taps "Message support".
async fn open_support(shop: &Shop, user: &TestUser) {
    shop.telegram.send_text(user, "/start");
    shop.telegram
        .wait_bot_message_containing(user.id, "Choose what you would like to do")
        .await;
    shop.tap(user, "Message support", PROMPT).await;
}

#[tokio::test]
async fn a_customer_writes_and_an_admins_reply_reaches_them_across_a_restart() {
    let mut shop = shop().await;
    let tg = &shop.telegram;
    let user = shop.customer(CUSTOMER, "en").await;
    shop.credit(&user, "5").await;
    shop.order_subscribers(&user, "@mychannel", "1000").await;
    let order_id: i64 = sqlx::query_scalar("SELECT id FROM orders WHERE user_id = ?")
        .bind(CUSTOMER)
        .fetch_one(shop.db.pool())
        .await
        .unwrap();

    open_support(&shop, &user).await;
    let prompt = tg.last_bot_message(CUSTOMER);
    // The shop's own contact is offered too.
    assert!(prompt.text.contains("@shop_help"), "{}", prompt.text);
    let before = tg.revision();
    tg.send_text(&user, "My order is slow");
    let confirmed = tg.wait_bot_message_containing(CUSTOMER, SENT).await;
    assert!(confirmed.text.contains("request #1"), "{}", confirmed.text);
    let first_copy = tg
        .wait_bot_message_since(ADMIN_ID, "New support request #1", before)
        .await;
    for shown in [
        "Customer 5",
        "@customer5",
        "id 5",
        "Balance: $3.92",
        &format!("#{order_id} · Telegram subscribers"),
        "My order is slow",
        "Reply to this message",
    ] {
        assert!(
            first_copy.text.contains(shown),
            "{shown:?} in {}",
            first_copy.text
        );
    }

    // Still in the step: a photo with a caption joins the same ticket.
    let before = tg.revision();
    tg.send_photo(&user, "the screenshot");
    tg.wait_bot_message_since(CUSTOMER, SENT, before).await;
    let photo_copy = tg
        .wait_bot_message_since(ADMIN_ID, "the customer writes more", before)
        .await;
    assert_eq!(photo_copy.content, Content::Photo);
    assert!(photo_copy.text.contains("the screenshot"), "{}", photo_copy.text);

    assert_eq!(tickets(&shop).await, [(1, CUSTOMER, "open".to_string(), None)]);
    let copies: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM support_copies WHERE chat_id = ?")
        .bind(ADMIN_ID)
        .fetch_one(shop.db.pool())
        .await
        .unwrap();
    assert_eq!(copies, 2);

    // The bot restarts before the admin answers; the reply still finds the customer.
    shop.restart().await;
    let tg = &shop.telegram;
    let before = tg.revision();
    tg.reply_text(&admin(), first_copy.message_id, "We are checking it <now>");
    let answer = tg
        .wait_bot_message_since(CUSTOMER, "The shop's support", before)
        .await;
    assert!(answer.text.contains("request #1"), "{}", answer.text);
    assert!(
        answer.text.contains("We are checking it <now>"),
        "{}",
        answer.text
    );
    tg.wait_bot_message_since(ADMIN_ID, "Your answer was sent to Customer 5", before)
        .await;

    // The customer answers back by replying to the answer, from the menu's state.
    let before = tg.revision();
    tg.reply_text(&user, answer.message_id, "Thanks!");
    tg.wait_bot_message_since(CUSTOMER, SENT, before).await;
    let follow_up = tg
        .wait_bot_message_since(ADMIN_ID, "the customer writes more", before)
        .await;
    assert!(follow_up.text.contains("Thanks!"), "{}", follow_up.text);

    assert_eq!(
        messages(&shop).await,
        [
            (
                1,
                "in".to_string(),
                CUSTOMER,
                "My order is slow".to_string(),
                false
            ),
            (1, "in".into(), CUSTOMER, "the screenshot".into(), true),
            (
                1,
                "out".into(),
                ADMIN_ID,
                "We are checking it <now>".into(),
                false
            ),
            (1, "in".into(), CUSTOMER, "Thanks!".into(), false),
        ]
    );

    // Customers have no /tickets and cannot close tickets, even with forged buttons.
    tg.send_text(&user, "/tickets");
    tg.wait_bot_message_containing(CUSTOMER, UNKNOWN_COMMAND).await;
    let forged = tg.tap(&user, tg.last_bot_message(CUSTOMER).message_id, "zt:1");
    assert!(tg.wait_callback_answered(&forged).await.1.is_some());
    assert_eq!(tickets(&shop).await[0].2, "open");

    tg.send_text(&admin(), "/tickets");
    let list = tg
        .wait_bot_message_containing(ADMIN_ID, "Open support requests: 1")
        .await;
    assert!(
        list.text.contains("#1") && list.text.contains("Customer 5"),
        "{}",
        list.text
    );
    assert!(list.button("Close #1").is_some(), "{list:?}");

    let before = tg.revision();
    shop.tap(&admin(), "Close #1", "No open support requests").await;
    let told = tg.wait_bot_message_since(CUSTOMER, "is closed", before).await;
    assert!(told.text.contains("#1"), "{}", told.text);
    assert_eq!(
        tickets(&shop).await,
        [(1, CUSTOMER, "closed".to_string(), Some(ADMIN_ID))]
    );

    // An answer to a closed ticket is not sent.
    let before = tg.revision();
    tg.reply_text(&admin(), follow_up.message_id, "One more thing");
    tg.wait_bot_message_since(ADMIN_ID, "closed, so the answer was not sent", before)
        .await;
    assert_eq!(messages(&shop).await.len(), 4);

    shop.stop().await;
}

#[tokio::test]
async fn a_customer_who_writes_too_much_gets_a_polite_answer_and_admins_get_nothing_more() {
    let shop = shop().await;
    let tg = &shop.telegram;
    let user = shop.customer(CUSTOMER, "en").await;
    open_support(&shop, &user).await;

    let before = tg.revision();
    tg.send_text(&user, &"x".repeat(2001));
    tg.wait_bot_message_since(CUSTOMER, "too long: at most 2000", before)
        .await;
    for n in 1..=3 {
        let before = tg.revision();
        tg.send_text(&user, &format!("help {n}"));
        tg.wait_bot_message_since(CUSTOMER, SENT, before).await;
    }
    let before = tg.revision();
    tg.send_text(&user, "help 4");
    tg.wait_bot_message_since(CUSTOMER, "Please wait a minute", before)
        .await;

    let stored: Vec<String> = messages(&shop).await.into_iter().map(|m| m.3).collect();
    assert_eq!(stored, ["help 1", "help 2", "help 3"]);
    let copies = tg
        .bot_messages(ADMIN_ID)
        .into_iter()
        .filter(|m| m.text.contains("Support request") || m.text.contains("support request"))
        .count();
    assert_eq!(copies, 3);

    shop.stop().await;
}
