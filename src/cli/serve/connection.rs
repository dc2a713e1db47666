//! One connection: requests read and answered in turn (keep-alive), each
//! read against a deadline and each write against a timeout, so a client
//! can hold a thread only so long.

use std::io::{self, BufReader, BufWriter, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use super::answer::{answer, Next};
use super::request::{read_request, Unreadable};
use super::response::{send_text, CHUNK};
use super::slots::Slot;
use super::Limits;

/// After an answer that ends the connection, how long and how much of what
/// the client still sends is read and dropped (see `close_gently`).
const LINGER: Duration = Duration::from_secs(1);
const LINGER_BYTES: usize = 256 * 1024;

pub fn serve(root: &Path, limits: Limits, mut slot: Slot) {
    let stream = slot.stream();
    if let Ok(Ending::Answered) = serve_requests(root, limits, &stream, &mut slot) {
        close_gently(&stream);
    }
}

/// How a connection ended, when no write failed.
#[derive(Debug, PartialEq, Eq)]
enum Ending {
    /// With an answer that said so.
    Answered,
    /// The client left or stalled, or a newer connection took the slot:
    /// nothing more to say.
    Dropped,
}

/// Answers requests in turn until the connection ends.
fn serve_requests(
    root: &Path,
    limits: Limits,
    stream: &TcpStream,
    slot: &mut Slot,
) -> io::Result<Ending> {
    stream.set_write_timeout(Some(limits.write))?;
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::new(Deadline {
        stream,
        until: Instant::now(),
    });
    loop {
        slot.idle();
        // Idle time and the time to send the head count together, so a
        // client trickling a byte at a time is cut off all the same.
        reader.get_mut().until = Instant::now() + limits.idle;
        let request = read_request(&mut reader);
        if !slot.busy() {
            return Ok(Ending::Dropped);
        }
        let mut out = BufWriter::with_capacity(CHUNK, stream);
        let next = match request {
            Err(Unreadable::Gone) => return Ok(Ending::Dropped),
            Err(Unreadable::Refused(status, why)) => {
                send_text(&mut out, status, &[], why, false, true)?;
                Next::Close
            }
            Ok(request) => answer(root, &request, &mut out)?,
        };
        out.flush()?;
        if next == Next::Close {
            return Ok(Ending::Answered);
        }
    }
}

/// Reads from a stream until a deadline.
#[derive(Debug)]
struct Deadline<'a> {
    stream: &'a TcpStream,
    until: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut stream = self.stream;
        stream.read(buffer)
    }
}

/// Ends a connection after its last answer. Closing a socket with unread
/// input makes the kernel reset the connection, which can destroy the
/// answer before the client reads it (a refused body or an overlong line
/// is typically still arriving); so the output is shut first and what the
/// client still sends is read and dropped, for a moment.
fn close_gently(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + LINGER;
    let mut drained = 0;
    let mut buffer = [0; 8 * 1024];
    let mut stream = stream;
    while drained < LINGER_BYTES {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(read) => drained += read,
        }
    }
}
