//! Each customer reads amounts and dates in their own language's conventions, gets the command
//! menu in their language, and `/cancel` says what it left.

mod common;

use common::shop::Shop;

/// The Russian names of the months as a date takes them: «4 декабря».
const RUSSIAN_MONTHS: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

#[tokio::test]
async fn balances_read_in_the_customers_conventions() {
    // The sandbox sells in roubles.
    let shop = Shop::sandbox().await;
    let russian = shop.customer(70, "ru").await;
    shop.credit(&russian, "1250.50").await;
    let balance = shop.tap(&russian, "Баланс", "Ваш баланс").await;
    // A decimal comma, a narrow no-break space between thousands, the rouble sign after.
    assert!(
        balance.text.contains("Ваш баланс: 1\u{202F}250,50\u{a0}₽"),
        "{}",
        balance.text
    );
    assert!(
        balance.text.contains("+1\u{202F}250,50\u{a0}₽ · "),
        "{}",
        balance.text
    );
    // The statement line's date is in Russian, in UTC.
    assert!(
        RUSSIAN_MONTHS
            .iter()
            .any(|month| balance.text.contains(&format!(" {month} "))),
        "{}",
        balance.text
    );
    assert!(balance.text.contains(" UTC · "), "{}", balance.text);

    let persian = shop.customer(71, "fa").await;
    shop.credit(&persian, "1250.50").await;
    let balance = shop.tap(&persian, "موجودی", "موجودی شما").await;
    // Persian digits and separators, the currency's Persian name after.
    assert!(balance.text.contains("۱٬۲۵۰٫۵۰\u{a0}روبل"), "{}", balance.text);
    assert!(!balance.text.contains("1250"), "{}", balance.text);
    shop.stop().await;
}

#[tokio::test]
async fn cancel_on_the_top_up_screen_cancels_the_top_up() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(72, "en").await;
    shop.tap(&user, "Balance", "Your balance").await;
    shop.tap(&user, "Top up with Stars", "Top up with Telegram Stars")
        .await;
    tg.send_text(&user, "/cancel");
    let answer = tg.wait_bot_message_containing(user.id, "Top-up canceled.").await;
    assert!(!answer.text.contains("ordered"), "{}", answer.text);
    // The step is over: a number is no longer a number of stars.
    tg.send_text(&user, "100");
    tg.wait_bot_message_containing(user.id, "Please use the buttons")
        .await;
    assert!(
        tg.calls().iter().all(|c| c.method != "sendinvoice"),
        "{}",
        tg.dump()
    );
    shop.stop().await;
}

#[tokio::test]
async fn customers_command_menu_is_registered_in_every_language() {
    let shop = Shop::start().await;
    let public: Vec<_> = shop
        .telegram
        .calls()
        .into_iter()
        .filter(|c| c.method == "setmycommands" && c.params.get("scope").is_none())
        .collect();
    let description = |code: Option<&str>| -> String {
        let call = public
            .iter()
            .find(|c| c.params.get("language_code").and_then(|l| l.as_str()) == code)
            .unwrap_or_else(|| panic!("no public menu for {code:?}: {public:?}"));
        call.params["commands"][0]["description"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(description(None), "Open the shop");
    assert_eq!(description(Some("en")), "Open the shop");
    assert_eq!(description(Some("ru")), "Открыть магазин");
    assert_eq!(description(Some("uz")), "Doʻkonni ochish");
    assert_eq!(description(Some("fa")), "باز کردن فروشگاه");
    shop.stop().await;
}
