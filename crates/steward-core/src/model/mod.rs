//! The domain as data: entries, relationships and reflections as the front ends see them,
//! with the rules that need no storage (tag cleaning, name rules, what a finished
//! reflection needs). Below the repositories and the computations, which both use it;
//! depends on nothing but [`crate::schedule`]'s week names. Its types are re-exported by
//! the domain modules ([`crate::entries`], [`crate::relationships`], [`crate::reflections`]),
//! which are their public paths.

pub(crate) mod entry;
pub(crate) mod reflection;
pub(crate) mod relationship;
