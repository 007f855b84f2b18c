//! Heavy work — reports, batch imports, exports — runs behind a concurrency limit of its own,
//! so that a client within its rate limit cannot take every core and connection from the
//! others' light requests. A request waits a while for a slot, then is turned away with 503
//! and `Retry-After`.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::ApiError;

/// How long a heavy request waits for a slot before it is turned away.
const WAIT: Duration = Duration::from_secs(20);

/// Slots for heavy work.
#[derive(Debug, Clone)]
pub struct HeavyWork {
    slots: Arc<Semaphore>,
    wait: Duration,
}

impl HeavyWork {
    /// At most `slots` pieces of heavy work at once.
    pub fn new(slots: usize) -> Self {
        Self::with_wait(slots, WAIT)
    }

    fn with_wait(slots: usize, wait: Duration) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(slots.max(1))),
            wait,
        }
    }

    /// A slot, held until dropped; 503 when none came free in time.
    pub async fn slot(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        tokio::time::timeout(self.wait, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| ApiError::Busy(5))?
            .map_err(ApiError::internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn work_beyond_the_slots_waits_then_is_turned_away() {
        let heavy = HeavyWork::with_wait(1, Duration::from_millis(5));
        let first = heavy.slot().await.unwrap();
        assert!(matches!(heavy.slot().await, Err(ApiError::Busy(_))));
        drop(first);
        assert!(heavy.slot().await.is_ok());
    }
}
