## Pricing admin: services, markups, exchange rates, the loss guard.
