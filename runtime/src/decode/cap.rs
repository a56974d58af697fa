//! Decoding a page of a list without building more items than were asked for.
//!
//! A page stream asks for a page size; a service may answer with far more (a 10 MiB JSON body of
//! `{}` items decodes to 3.5 M default models, 1.5 GB). While such a page is decoded
//! ([`count_items`]), the list at the top level of the response whose items are of the page's
//! item type keeps at most the page size: the items after those are skipped without being built,
//! but counted, and the count goes back to the page stream, which then reports the page as larger
//! than asked for ([`PageError::OversizedPage`](crate::PageError::OversizedPage)). So a list is
//! only ever cut on a page that is an error anyway.
//!
//! The cap reaches the list decoder through a thread-local set for the synchronous decoding of
//! one body: `serde` has no other way to hand a value to a type's `Deserialize` impl. The first
//! model decoded, the response itself, claims it, so that lists nested in items never see it.

use std::any::TypeId;
use std::cell::Cell;

/// Which list of a response to cap, and at how many items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ItemCap {
    item: TypeId,
    max: usize,
}

impl ItemCap {
    /// At most `max` items, in a list of `T` at the top level of the response.
    pub(crate) fn of<T: 'static>(max: usize) -> Self {
        ItemCap {
            item: TypeId::of::<T>(),
            max,
        }
    }

    /// The cap, for a list of `T`: `None` if this cap is not about lists of `T`.
    pub(crate) fn max_for<T: 'static>(&self) -> Option<usize> {
        (self.item == TypeId::of::<T>()).then_some(self.max)
    }
}

#[derive(Debug, Clone, Copy)]
enum State {
    /// No page is being decoded on this thread.
    Idle,
    /// A page is being decoded; its response model has not been reached yet.
    Armed(ItemCap),
    /// The response model claimed the cap; the most items a capped list held, once one was
    /// decoded.
    Claimed(Option<usize>),
}

thread_local! {
    static STATE: Cell<State> = const { Cell::new(State::Idle) };
}

/// Runs `decode` (the decoding of one body) with lists of the response capped as `cap` says, and
/// says how many items the capped list held in all, if the response had one.
pub(crate) fn count_items<R>(cap: ItemCap, decode: impl FnOnce() -> R) -> (R, Option<usize>) {
    /// Leaves the thread as it was found, however `decode` ends: a cap left armed would cut
    /// the next body decoded on this thread.
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            STATE.set(State::Idle);
        }
    }
    let _reset = Reset;
    STATE.set(State::Armed(cap));
    let value = decode();
    let counted = match STATE.get() {
        State::Claimed(counted) => counted,
        State::Idle | State::Armed(_) => None,
    };
    (value, counted)
}

/// For the model being decoded: the cap on its own lists, if it is the response of a page being
/// decoded. Only the first model decoded gets it.
pub(crate) fn claim() -> Option<ItemCap> {
    match STATE.get() {
        State::Armed(cap) => {
            STATE.set(State::Claimed(None));
            Some(cap)
        }
        State::Idle | State::Claimed(_) => None,
    }
}

/// Records that a capped list held `count` items in all.
pub(crate) fn record(count: usize) {
    if let State::Claimed(before) = STATE.get() {
        STATE.set(State::Claimed(Some(before.map_or(count, |b| b.max(count)))));
    }
}
