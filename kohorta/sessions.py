"""Sessions read from Redis together with the signed-in person (``SESSION_ENGINE``).

Django's ``cached_db`` store (read from the cache, written through to the database, so a
Redis restart or eviction signs no one out) whose one read of a session also brings the
data generation and the person kept for that session (``kohorta.personal_cache.get_user``):
a logged-in page makes one round trip to Redis before its view instead of two. The
settings use it when ``REDIS_URL`` is set.
"""

from django.contrib.sessions.backends import cached_db


class SessionStore(cached_db.SessionStore):
    # What the read brought besides the session: {cache key: value} (see get_user).
    kept = None

    def load(self):
        from kohorta.personal_cache import GENERATION_KEY, person_key

        cache_key = self.cache_key
        try:
            found = self._cache.get_many([cache_key, GENERATION_KEY, person_key(self.session_key)])
        except Exception:  # noqa: BLE001 - as cached_db: an unusable key reads as no session
            found = {}
        self.kept = found
        data = found.get(cache_key)
        if data is None:
            # Not in the cache (expired, evicted, Redis restarted): cached_db's own load
            # reads the database and puts the session back.
            return super().load()
        return data
