## Top-ups with Telegram Stars.
