"""The integrator API's queries: listings with filters and keyset pages, counts, and the
writes only the API makes (webhooks, bulk id tags). Each is a function of an
``AsyncSession``, run with :meth:`storage.SqlStore.read` (or, for writes, through the
store's own methods), so it is one unit of work."""
