//! Our own compact codec for inline-button data: short, typed, under Telegram's 64 bytes, and
//! never carrying provider text.

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
    /// Admins: settle an unknown outcome by refunding the customer.
    ResolveRefund {
        order: i64,
    },
    /// Admins: settle an unknown outcome as placed (the provider's id is asked next).
    ResolvePlaced {
        order: i64,
    },
    Balance,
    Languages,
    SetLanguage {
        lang: Lang,
    },
    Help,
    Search,
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
            Self::ResolveRefund { order } => format!("zr:{order}"),
            Self::ResolvePlaced { order } => format!("zp:{order}"),
            Self::Balance => "b".into(),
            Self::Languages => "g".into(),
            Self::SetLanguage { lang } => format!("g:{}", lang.code()),
            Self::Help => "h".into(),
            Self::Search => "f".into(),
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
            "zr" => Self::ResolveRefund {
                order: next()?.parse().ok()?,
            },
            "zp" => Self::ResolvePlaced {
                order: next()?.parse().ok()?,
            },
            "b" => Self::Balance,
            "g" => match next() {
                None => Self::Languages,
                Some(code) => Self::SetLanguage {
                    lang: Lang::from_code(code)?,
                },
            },
            "h" => Self::Help,
            "f" => Self::Search,
            _ => return None,
        };
        parts.next().is_none().then_some(decoded)
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
            CallbackData::ResolveRefund { order: 5 },
            CallbackData::ResolvePlaced { order: 6 },
            CallbackData::Balance,
            CallbackData::Languages,
            CallbackData::SetLanguage { lang: Lang::Ru },
            CallbackData::Help,
            CallbackData::Search,
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
            "", "zz", "c", "c:x", "c:1:2", "s:1", "y:", "y:ABC", "y:a;b", "g:xx", "v:-", "m:1",
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
