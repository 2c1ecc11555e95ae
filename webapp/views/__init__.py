"""The page's views: ask (chat), grades, add a report, no index yet; and the answer cards."""
