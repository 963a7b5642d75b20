## Admin: statistics, providers, catalogue sync.
