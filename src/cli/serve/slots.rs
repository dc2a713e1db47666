//! The connection cap. Each connection holds one of a fixed number of
//! slots for as long as its thread runs. A connection waiting for (or
//! still reading) a request is idle: when every slot is taken, a new
//! connection takes the slot of the connection idle the longest, which is
//! shut down, so that clients that open connections and send nothing
//! cannot lock others out. Only when every connection is busy answering is
//! a new one refused.

use std::collections::BTreeMap;
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

#[derive(Debug)]
pub struct Slots {
    limit: usize,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// Slots held by connections not shut down.
    held: usize,
    next_key: u64,
    /// The idle connections, oldest idle first.
    idle: BTreeMap<u64, Arc<TcpStream>>,
}

/// One connection's slot, freed when dropped.
#[derive(Debug)]
pub struct Slot {
    slots: Arc<Slots>,
    stream: Arc<TcpStream>,
    /// Where this connection is in `idle`, while idle.
    idle_key: Option<u64>,
    /// Its slot was taken by a newer connection.
    evicted: bool,
}

impl Slots {
    pub fn new(limit: usize) -> Arc<Self> {
        Arc::new(Slots {
            limit,
            state: Mutex::new(State {
                held: 0,
                next_key: 0,
                idle: BTreeMap::new(),
            }),
        })
    }

    /// A slot for a new connection, which starts idle; the stream back if
    /// every connection is busy.
    pub fn admit(self: &Arc<Self>, stream: TcpStream) -> Result<Slot, TcpStream> {
        let mut state = self.lock();
        if state.held < self.limit {
            state.held += 1;
        } else if let Some((_, oldest)) = state.idle.pop_first() {
            // Its thread sees the end of its stream and leaves; the slot
            // passes to the new connection.
            let _ = oldest.shutdown(Shutdown::Both);
        } else {
            return Err(stream);
        }
        let stream = Arc::new(stream);
        let key = state.enter_idle(&stream);
        Ok(Slot {
            slots: Arc::clone(self),
            stream,
            idle_key: Some(key),
            evicted: false,
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent between statements: a panic elsewhere
        // leaves nothing half-done.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl State {
    fn enter_idle(&mut self, stream: &Arc<TcpStream>) -> u64 {
        let key = self.next_key;
        self.next_key += 1;
        self.idle.insert(key, Arc::clone(stream));
        key
    }
}

impl Slot {
    pub fn stream(&self) -> Arc<TcpStream> {
        Arc::clone(&self.stream)
    }

    /// Marks the connection idle (evictable) while it waits for a request.
    pub fn idle(&mut self) {
        if self.idle_key.is_some() || self.evicted {
            return;
        }
        let key = self.slots.lock().enter_idle(&self.stream);
        self.idle_key = Some(key);
    }

    /// Marks the connection busy answering; `false` if it lost its slot
    /// meanwhile and must close.
    pub fn busy(&mut self) -> bool {
        let slots = Arc::clone(&self.slots);
        let mut state = slots.lock();
        self.leave_idle(&mut state);
        !self.evicted
    }

    fn leave_idle(&mut self, state: &mut State) {
        if let Some(key) = self.idle_key.take() {
            // Gone from `idle` means a newer connection took the slot.
            self.evicted |= state.idle.remove(&key).is_none();
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let slots = Arc::clone(&self.slots);
        let mut state = slots.lock();
        self.leave_idle(&mut state);
        if !self.evicted {
            state.held -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpListener;
    use std::time::Duration;

    /// A connected pair: the server's end, and the client's.
    fn pair(listener: &TcpListener) -> (TcpStream, TcpStream) {
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        client
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        (server, client)
    }

    fn closed(client: &mut TcpStream) -> bool {
        matches!(client.read(&mut [0; 1]), Ok(0))
    }

    #[test]
    fn a_full_house_evicts_the_oldest_idle_connection() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let slots = Slots::new(2);
        let (a, mut a_client) = pair(&listener);
        let (b, _b_client) = pair(&listener);
        let (c, _c_client) = pair(&listener);
        let mut a = slots.admit(a).unwrap();
        let mut b = slots.admit(b).unwrap();
        let mut c = slots.admit(c).expect("takes the oldest idle slot");
        assert!(
            closed(&mut a_client),
            "the oldest idle connection is shut down"
        );
        assert!(!a.busy(), "and told so");
        assert!(b.busy() && c.busy());
        drop(a);
        assert_eq!(slots.lock().held, 2, "an evicted connection frees nothing");
        drop(b);
        c.idle();
        assert_eq!(slots.lock().held, 1);
        drop(c);
        assert_eq!(slots.lock().held, 0);
        assert!(slots.lock().idle.is_empty());
    }

    #[test]
    fn busy_connections_are_never_evicted() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let slots = Slots::new(1);
        let (a, _a_client) = pair(&listener);
        let (b, _b_client) = pair(&listener);
        let mut a = slots.admit(a).unwrap();
        assert!(a.busy());
        let b = slots.admit(b).expect_err("every connection is busy");
        a.idle();
        assert!(slots.admit(b).is_ok(), "an idle one gives way");
        assert!(!a.busy());
    }
}
