//! Our own compact codec for inline-button data: short, typed, under Telegram's 64 bytes, and
//! never carrying provider text.

use super::state::BalanceChange;
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackData {
    Menu,
    Categories {
        page: u32,
    },
    Services {
        category: i64,
        page: u32,
    },
    Service {
        id: i64,
    },
    /// "Order this service": starts asking for the link.
    Order {
        service: i64,
    },
    /// Confirms the order draft that carries this token.
    Confirm {
        token: String,
    },
    /// Leaves the order being put together.
    Abort,
    /// Delivers a drip-feed-capable order in one go.
    AllAtOnce,
    Orders {
        page: u32,
    },
    OrderDetails {
        id: i64,
    },
    /// Re-checks an order with its provider now.
    RefreshOrder {
        id: i64,
    },
    RefillOrder {
        id: i64,
    },
    CancelOrder {
        id: i64,
    },
    /// The same service, link, quantity and extras as this order, straight to confirmation.
    OrderAgain {
        id: i64,
    },
    /// Admins: settle an unknown outcome by refunding the customer.
    ResolveRefund {
        order: i64,
    },
    /// Admins: settle an unknown outcome as placed (the provider's id is asked next).
    ResolvePlaced {
        order: i64,
    },
    /// Admins: a customer's profile.
    UserProfile {
        user: i64,
    },
    Ban {
        user: i64,
    },
    Unban {
        user: i64,
    },
    /// Admins: credit or debit a customer's balance (the amount and the reason are asked next).
    ChangeBalance {
        user: i64,
        change: BalanceChange,
    },
    /// Admins: refund an order's whole charge.
    RefundOrder {
        order: i64,
    },
    /// Admins: refund part of an order's charge (the amount is asked next).
    RefundPart {
        order: i64,
    },
    /// Admins: send broadcast draft `id`.
    SendBroadcast {
        id: i64,
    },
    /// Admins: drop broadcast draft `id`.
    DropBroadcast {
        id: i64,
    },
    /// Admins: switch a service on or off for sale.
    SwitchService {
        id: i64,
        enabled: bool,
    },
    Balance,
    /// The "Invite friends" screen: the personal link and what it brought.
    Invite,
    /// "Promo code" under the balance: asks for the code.
    PromoCode,
    /// "Top up" under the balance: choose how many Telegram Stars to pay.
    TopUp,
    /// An invoice for this many stars.
    TopUpStars {
        stars: u32,
    },
    /// "Pay with crypto": the amounts to top up with through Crypto Pay.
    TopUpCryptoMenu,
    /// Demo money, in a shop whose only provider is the sandbox.
    DemoTopUp,
    /// A Crypto Pay invoice for exactly this amount (shop currency, minor units).
    TopUpCrypto {
        amount_minor: i64,
    },
    /// "Check payment" under Crypto Pay invoice `invoice` (our id).
    CheckCrypto {
        invoice: i64,
    },
    /// Admins: refund Stars payment `payment` (our row id) although it was spent.
    RefundStars {
        payment: i64,
    },
    Languages,
    SetLanguage {
        lang: Lang,
    },
    Help,
    Search,
    /// "Message support": asks what to write to the shop's support.
    Support,
    /// Admins: close support ticket `ticket`.
    CloseTicket {
        ticket: i64,
    },
    /// Mutes (or unmutes) the customer's messages about their orders' progress.
    ProgressUpdates {
        mute: bool,
    },
    /// "I joined" on the required channel's screen: checks again, and opens the menu if so.
    Joined,
    /// The "API" screen: the customer's key to the shop's panel API.
    ApiKeys,
    /// Makes the customer a new API key (replacing theirs), shown once.
    CreateApiKey,
    RevokeApiKey,
    /// Admins: mark or unmark a customer as a reseller.
    SetReseller {
        user: i64,
        on: bool,
    },
    /// Admins: a reseller's markup (the percent is asked next).
    ResellerMarkup {
        user: i64,
    },
}

impl CallbackData {
    pub fn encode(&self) -> String {
        match self {
            Self::Menu => "m".into(),
            Self::Categories { page } => format!("c:{page}"),
            Self::Services { category, page } => format!("s:{category}:{page}"),
            Self::Service { id } => format!("v:{id}"),
            Self::Order { service } => format!("o:{service}"),
            Self::Confirm { token } => format!("y:{token}"),
            Self::Abort => "x".into(),
            Self::AllAtOnce => "a".into(),
            Self::Orders { page } => format!("l:{page}"),
            Self::OrderDetails { id } => format!("d:{id}"),
            Self::RefreshOrder { id } => format!("u:{id}"),
            Self::RefillOrder { id } => format!("r:{id}"),
            Self::CancelOrder { id } => format!("k:{id}"),
            Self::OrderAgain { id } => format!("ag:{id}"),
            Self::ResolveRefund { order } => format!("zr:{order}"),
            Self::ResolvePlaced { order } => format!("zp:{order}"),
            Self::UserProfile { user } => format!("qu:{user}"),
            Self::Ban { user } => format!("qb:{user}"),
            Self::Unban { user } => format!("qn:{user}"),
            Self::ChangeBalance {
                user,
                change: BalanceChange::Credit,
            } => format!("qc:{user}"),
            Self::ChangeBalance {
                user,
                change: BalanceChange::Debit,
            } => format!("qd:{user}"),
            Self::RefundOrder { order } => format!("qf:{order}"),
            Self::RefundPart { order } => format!("qp:{order}"),
            Self::SendBroadcast { id } => format!("qs:{id}"),
            Self::DropBroadcast { id } => format!("qx:{id}"),
            Self::SwitchService { id, enabled } => format!("ze:{id}:{}", u8::from(*enabled)),
            Self::Balance => "b".into(),
            Self::Invite => "ri".into(),
            Self::PromoCode => "pc".into(),
            Self::TopUp => "t".into(),
            Self::TopUpStars { stars } => format!("t:{stars}"),
            Self::TopUpCryptoMenu => "tc".into(),
            Self::DemoTopUp => "td".into(),
            Self::TopUpCrypto { amount_minor } => format!("tc:{amount_minor}"),
            Self::CheckCrypto { invoice } => format!("tk:{invoice}"),
            Self::RefundStars { payment } => format!("zs:{payment}"),
            Self::Languages => "g".into(),
            Self::SetLanguage { lang } => format!("g:{}", lang.code()),
            Self::Help => "h".into(),
            Self::Search => "f".into(),
            Self::Support => "hs".into(),
            Self::CloseTicket { ticket } => format!("zt:{ticket}"),
            Self::ProgressUpdates { mute } => format!("pm:{}", u8::from(*mute)),
            Self::Joined => "jn".into(),
            Self::ApiKeys => "ak".into(),
            Self::CreateApiKey => "akn".into(),
            Self::RevokeApiKey => "akr".into(),
            Self::SetReseller { user, on } => format!("qr:{user}:{}", u8::from(*on)),
            Self::ResellerMarkup { user } => format!("qm:{user}"),
        }
    }

    /// Reads button data; anything we did not write (or wrote in an older format) is `None`.
    pub fn decode(data: &str) -> Option<Self> {
        let mut parts = data.split(':');
        let tag = parts.next()?;
        let mut next = || parts.next();
        let decoded = match tag {
            "m" => Self::Menu,
            "c" => Self::Categories {
                page: next()?.parse().ok()?,
            },
            "s" => Self::Services {
                category: next()?.parse().ok()?,
                page: next()?.parse().ok()?,
            },
            "v" => Self::Service {
                id: next()?.parse().ok()?,
            },
            "o" => Self::Order {
                service: next()?.parse().ok()?,
            },
            "y" => Self::Confirm {
                token: next().filter(|t| is_token(t))?.to_string(),
            },
            "x" => Self::Abort,
            "a" => Self::AllAtOnce,
            "l" => Self::Orders {
                page: next()?.parse().ok()?,
            },
            "d" => Self::OrderDetails {
                id: next()?.parse().ok()?,
            },
            "u" => Self::RefreshOrder {
                id: next()?.parse().ok()?,
            },
            "r" => Self::RefillOrder {
                id: next()?.parse().ok()?,
            },
            "k" => Self::CancelOrder {
                id: next()?.parse().ok()?,
            },
            "ag" => Self::OrderAgain {
                id: next()?.parse().ok()?,
            },
            "zr" => Self::ResolveRefund {
                order: next()?.parse().ok()?,
            },
            "zp" => Self::ResolvePlaced {
                order: next()?.parse().ok()?,
            },
            "qu" => Self::UserProfile {
                user: next()?.parse().ok()?,
            },
            "qb" => Self::Ban {
                user: next()?.parse().ok()?,
            },
            "qn" => Self::Unban {
                user: next()?.parse().ok()?,
            },
            "qc" => Self::ChangeBalance {
                user: next()?.parse().ok()?,
                change: BalanceChange::Credit,
            },
            "qd" => Self::ChangeBalance {
                user: next()?.parse().ok()?,
                change: BalanceChange::Debit,
            },
            "qf" => Self::RefundOrder {
                order: next()?.parse().ok()?,
            },
            "qp" => Self::RefundPart {
                order: next()?.parse().ok()?,
            },
            "qs" => Self::SendBroadcast {
                id: next()?.parse().ok()?,
            },
            "qx" => Self::DropBroadcast {
                id: next()?.parse().ok()?,
            },
            "ze" => Self::SwitchService {
                id: next()?.parse().ok()?,
                enabled: match next()? {
                    "1" => true,
                    "0" => false,
                    _ => return None,
                },
            },
            "b" => Self::Balance,
            "ri" => Self::Invite,
            "pc" => Self::PromoCode,
            "t" => match next() {
                None => Self::TopUp,
                Some(stars) => Self::TopUpStars {
                    stars: stars.parse().ok()?,
                },
            },
            "tc" => match next() {
                None => Self::TopUpCryptoMenu,
                Some(amount) => Self::TopUpCrypto {
                    amount_minor: amount.parse().ok().filter(|a: &i64| *a > 0)?,
                },
            },
            "td" => Self::DemoTopUp,
            "tk" => Self::CheckCrypto {
                invoice: next()?.parse().ok()?,
            },
            "zs" => Self::RefundStars {
                payment: next()?.parse().ok()?,
            },
            "g" => match next() {
                None => Self::Languages,
                Some(code) => Self::SetLanguage {
                    lang: Lang::from_code(code)?,
                },
            },
            "h" => Self::Help,
            "f" => Self::Search,
            "hs" => Self::Support,
            "zt" => Self::CloseTicket {
                ticket: next()?.parse().ok()?,
            },
            "pm" => Self::ProgressUpdates {
                mute: match next()? {
                    "1" => true,
                    "0" => false,
                    _ => return None,
                },
            },
            "jn" => Self::Joined,
            "ak" => Self::ApiKeys,
            "akn" => Self::CreateApiKey,
            "akr" => Self::RevokeApiKey,
            "qr" => Self::SetReseller {
                user: next()?.parse().ok()?,
                on: match next()? {
                    "1" => true,
                    "0" => false,
                    _ => return None,
                },
            },
            "qm" => Self::ResellerMarkup {
                user: next()?.parse().ok()?,
            },
            _ => return None,
        };
        parts.next().is_none().then_some(decoded)
    }

    /// Buttons only admins may use; checked against `ADMIN_IDS` on every tap.
    pub fn for_admins(&self) -> bool {
        matches!(
            self,
            Self::ResolveRefund { .. }
                | Self::ResolvePlaced { .. }
                | Self::UserProfile { .. }
                | Self::Ban { .. }
                | Self::Unban { .. }
                | Self::ChangeBalance { .. }
                | Self::RefundOrder { .. }
                | Self::RefundPart { .. }
                | Self::SendBroadcast { .. }
                | Self::DropBroadcast { .. }
                | Self::SwitchService { .. }
                | Self::RefundStars { .. }
                | Self::CloseTicket { .. }
                | Self::SetReseller { .. }
                | Self::ResellerMarkup { .. }
        )
    }
}

/// Confirmation tokens are short lowercase alphanumerics (see [`new_token`]).
fn is_token(text: &str) -> bool {
    (1..=16).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// A fresh confirmation token: the clock in nanoseconds, base 36. Unique per customer, which is
/// all it needs to be (the order's request key also contains the customer id).
pub fn new_token() -> String {
    let mut n = chrono::Utc::now()
        .timestamp_nanos_opt()
        .unwrap_or_default()
        .unsigned_abs();
    let mut digits = Vec::new();
    loop {
        digits.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8(digits).expect("ascii digits")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_round_trips_within_telegrams_limit() {
        let all = [
            CallbackData::Menu,
            CallbackData::Joined,
            CallbackData::Categories { page: 3 },
            CallbackData::Services {
                category: i64::MAX,
                page: u32::MAX,
            },
            CallbackData::Service { id: 42 },
            CallbackData::Order { service: 42 },
            CallbackData::Confirm { token: new_token() },
            CallbackData::Abort,
            CallbackData::AllAtOnce,
            CallbackData::Orders { page: 0 },
            CallbackData::OrderDetails { id: 1 },
            CallbackData::RefreshOrder { id: 2 },
            CallbackData::RefillOrder { id: 3 },
            CallbackData::CancelOrder { id: 4 },
            CallbackData::OrderAgain { id: 4 },
            CallbackData::ResolveRefund { order: 5 },
            CallbackData::ResolvePlaced { order: 6 },
            CallbackData::UserProfile { user: i64::MAX },
            CallbackData::Ban { user: 7 },
            CallbackData::Unban { user: 7 },
            CallbackData::ChangeBalance {
                user: 7,
                change: BalanceChange::Credit,
            },
            CallbackData::ChangeBalance {
                user: 7,
                change: BalanceChange::Debit,
            },
            CallbackData::RefundOrder { order: 8 },
            CallbackData::RefundPart { order: 8 },
            CallbackData::SendBroadcast { id: 9 },
            CallbackData::DropBroadcast { id: 9 },
            CallbackData::SwitchService {
                id: i64::MAX,
                enabled: false,
            },
            CallbackData::SwitchService { id: 1, enabled: true },
            CallbackData::Balance,
            CallbackData::Invite,
            CallbackData::PromoCode,
            CallbackData::TopUp,
            CallbackData::TopUpStars { stars: u32::MAX },
            CallbackData::TopUpCryptoMenu,
            CallbackData::DemoTopUp,
            CallbackData::TopUpCrypto {
                amount_minor: i64::MAX,
            },
            CallbackData::CheckCrypto { invoice: i64::MAX },
            CallbackData::RefundStars { payment: i64::MAX },
            CallbackData::Languages,
            CallbackData::SetLanguage { lang: Lang::Ru },
            CallbackData::Help,
            CallbackData::Search,
            CallbackData::Support,
            CallbackData::CloseTicket { ticket: i64::MAX },
            CallbackData::ProgressUpdates { mute: true },
            CallbackData::ProgressUpdates { mute: false },
            CallbackData::ApiKeys,
            CallbackData::CreateApiKey,
            CallbackData::RevokeApiKey,
            CallbackData::SetReseller {
                user: i64::MAX,
                on: true,
            },
            CallbackData::SetReseller { user: 7, on: false },
            CallbackData::ResellerMarkup { user: i64::MAX },
        ];
        for data in all {
            let encoded = data.encode();
            assert!(encoded.len() <= 64, "{encoded}");
            assert_eq!(CallbackData::decode(&encoded), Some(data));
        }
    }

    #[test]
    fn foreign_or_broken_data_is_rejected() {
        for junk in [
            "", "zz", "c", "c:x", "c:1:2", "s:1", "y:", "y:ABC", "y:a;b", "g:xx", "v:-", "m:1", "ze:1",
            "ze:1:2", "t:x", "t:-1", "zs:", "tc:0", "tc:-5", "tc:x", "tk:", "tk:1:2", "hs:1", "zt:", "zt:x",
            "pm", "pm:2", "pm:1:1", "ak:1", "qr:1", "qr:1:2", "qm:",
        ] {
            assert_eq!(CallbackData::decode(junk), None, "{junk}");
        }
    }

    #[test]
    fn tokens_are_valid_and_differ() {
        let a = new_token();
        std::thread::sleep(std::time::Duration::from_millis(1));
        let b = new_token();
        assert!(is_token(&a) && is_token(&b));
        assert_ne!(a, b);
    }
}
