//! The admin's moderation screens: a customer's profile, an order's file, refunds and
//! broadcasts.

pub mod broadcasts;
pub mod command_args;
pub mod customers;
pub mod help;
pub mod order_files;
pub mod resellers;

/// Orders and ledger rows shown in a profile, and changes shown with an order.
pub const RECENT_ROWS: i64 = 5;

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::bot::Tr;
    use crate::i18n::{I18n, Lang};

    #[test]
    fn russian_counts_agree_with_their_numbers() {
        let tr = Tr::new(Arc::new(I18n::load().expect("locales load")), Lang::Ru);
        let orders = |count: i64| tr.f("mod-profile-orders", &[("count", count.into())]);
        assert!(orders(1).contains("1 заказ<"), "{}", orders(1));
        assert!(orders(3).contains("3 заказа<"), "{}", orders(3));
        assert!(orders(5).contains("5 заказов<"), "{}", orders(5));
        assert!(orders(21).contains("21 заказ<"), "{}", orders(21));
        assert_eq!(orders(0), "Заказов пока нет.");
        let confirm = |count: i64| tr.f("mod-broadcast-confirm", &[("count", count.into())]);
        assert!(confirm(1).contains("1 покупателю"), "{}", confirm(1));
        assert!(confirm(21).contains("21 покупателю"), "{}", confirm(21));
        assert!(confirm(5).contains("5 покупателям"), "{}", confirm(5));
    }
}
