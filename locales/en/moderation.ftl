## Admin: users, orders, broadcast, maintenance; banned customers.
