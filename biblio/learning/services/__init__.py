"""Operations that change learning records: one function per use case, each transactional, checked
through accounts.permissions and audited (`<entity>_<action>(*, actor, ...)`)."""
