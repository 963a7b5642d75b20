//! The admin's moderation screens: a customer's profile, an order's file, refunds, broadcasts
//! and maintenance.
