//! The one module that opens Bluetooth, through btleplug (BlueZ over D-Bus
//! on Linux). It runs on its own thread with its own small async runtime:
//! the session never waits on the radio. A scan for `rtr devices`, and
//! links to the remembered devices that reconnect by themselves.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use btleplug::api::{Central, CentralEvent, Manager as _, Peripheral as _, ScanFilter, WriteType};
use btleplug::platform::{Adapter, Manager, Peripheral};
use futures::StreamExt;
use tokio::sync::mpsc as async_mpsc;

use super::device::{DeviceKind, Found, short_uuid, uuid16};
use super::link::{Heard, Link};

/// The longest any one call to the system's Bluetooth may take: a missing
/// or stuck bluetoothd must never hang rtr.
const CALL_TIMEOUT: Duration = Duration::from_secs(5);
/// How long to look for a remembered device before trying again.
const FIND_TIMEOUT: Duration = Duration::from_secs(15);
/// The wait between tries after a lost link.
const RETRY_AFTER: Duration = Duration::from_secs(3);
/// How often a link asks whether it is still connected, besides hearing of
/// a disconnection as it happens: for a Bluetooth service that vanished.
const CHECK_EVERY: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum RadioError {
    #[error("{0}")]
    Ble(#[from] btleplug::Error),
    #[error("no Bluetooth adapter (is bluetoothd running, and the adapter on?)")]
    NoAdapter,
    #[error("Bluetooth did not answer within {} s", CALL_TIMEOUT.as_secs())]
    TimedOut,
    #[error("could not start the Bluetooth thread: {0}")]
    Thread(std::io::Error),
}

/// One call to the system's Bluetooth, never longer than [`CALL_TIMEOUT`].
async fn call<T>(
    future: impl Future<Output = Result<T, btleplug::Error>>,
) -> Result<T, RadioError> {
    match tokio::time::timeout(CALL_TIMEOUT, future).await {
        Ok(result) => Ok(result?),
        Err(_) => Err(RadioError::TimedOut),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, RadioError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(RadioError::Thread)
}

async fn first_adapter() -> Result<Adapter, RadioError> {
    let manager = call(Manager::new()).await?;
    let adapters = call(manager.adapters()).await?;
    adapters.into_iter().next().ok_or(RadioError::NoAdapter)
}

async fn found(peripheral: &Peripheral) -> Option<Found> {
    let properties = call(peripheral.properties()).await.ok()??;
    let services: Vec<u16> = properties
        .services
        .iter()
        .filter_map(|uuid| short_uuid(uuid.as_u128()))
        .collect();
    Some(Found {
        id: peripheral.id().to_string(),
        // A device names itself: no control characters reach a terminal.
        name: properties
            .local_name
            .or(properties.advertisement_name)
            .map(|name| crate::safe_fs::printable(&name)),
        kinds: DeviceKind::of(&services),
        rssi: properties.rssi,
    })
}

/// Listens for `timeout`, telling `progress` each second how many devices
/// of a known kind it has heard so far; then every device heard.
pub fn scan(timeout: Duration, mut progress: impl FnMut(usize)) -> Result<Vec<Found>, RadioError> {
    runtime()?.block_on(async {
        let adapter = first_adapter().await?;
        // No service filter: every device heard is classed by the services
        // it advertises, and the list leaves out those of no use to rtr.
        call(adapter.start_scan(ScanFilter::default())).await?;
        let end = tokio::time::Instant::now() + timeout;
        let mut devices = Vec::new();
        while tokio::time::Instant::now() < end {
            tokio::time::sleep(Duration::from_secs(1)).await;
            devices.clear();
            for peripheral in call(adapter.peripherals()).await? {
                devices.extend(found(&peripheral).await);
            }
            progress(devices.iter().filter(|d| !d.kinds.is_empty()).count());
        }
        let _ = call(adapter.stop_scan()).await;
        Ok(devices)
    })
}

/// A device to keep linked.
#[derive(Debug, Clone)]
pub struct Wanted {
    pub kind: DeviceKind,
    pub id: String,
    pub name: String,
}

/// How long the end of a session waits for the devices to be let go.
const LET_GO_WAIT: Duration = Duration::from_secs(1);

/// Dropped with the last link, after its sender: waits a moment for the
/// radio's thread to disconnect the devices, so that a treadmill is free
/// for the next app even when rtr exits right after the session.
struct LetGo(Mutex<mpsc::Receiver<()>>);

impl Drop for LetGo {
    fn drop(&mut self) {
        if let Ok(done) = self.0.lock() {
            let _ = done.recv_timeout(LET_GO_WAIT);
        }
    }
}

/// Starts the radio's thread, linking to `wanted` in the background, and
/// gives each device's link; what happens to the links is told to
/// `notice`, in words for the screen, with the device it is about. The
/// thread ends once every link is dropped.
pub fn open(
    wanted: Vec<Wanted>,
    notice: impl Fn(Option<DeviceKind>, String) + Send + Clone + 'static,
) -> HashMap<DeviceKind, RadioLink> {
    let (writes, write_rx) = async_mpsc::unbounded_channel();
    let (done_tx, done) = mpsc::channel();
    let done = Arc::new(LetGo(Mutex::new(done)));
    let mut links = HashMap::new();
    let mut senders = Vec::new();
    for device in wanted {
        let (tx, heard) = mpsc::channel();
        let link = RadioLink {
            kind: device.kind,
            writes: writes.clone(),
            heard,
            _done: Arc::clone(&done),
        };
        links.insert(device.kind, link);
        senders.push((device, tx));
    }
    let told = notice.clone();
    let thread = std::thread::Builder::new()
        .name("bluetooth".into())
        .spawn(move || {
            match runtime() {
                Ok(runtime) => runtime.block_on(keep_linked(senders, write_rx, notice)),
                Err(why) => notice(None, format!("Bluetooth: {why}")),
            }
            let _ = done_tx.send(());
        });
    if let Err(why) = thread {
        told(None, format!("Bluetooth: {}", RadioError::Thread(why)));
    }
    links
}

async fn keep_linked(
    devices: Vec<(Wanted, mpsc::Sender<Heard>)>,
    mut writes: async_mpsc::UnboundedReceiver<(DeviceKind, Vec<u8>)>,
    notice: impl Fn(Option<DeviceKind>, String) + Clone + 'static,
) {
    let adapter = match first_adapter().await {
        Ok(adapter) => adapter,
        Err(why) => {
            let names: Vec<String> = devices.iter().map(|(d, _)| d.kind.to_string()).collect();
            notice(
                None,
                format!(
                    "Bluetooth is not available ({why}): the session goes on without the {}.",
                    names.join(" and ")
                ),
            );
            return;
        }
    };
    let mut to_device = HashMap::new();
    let ids: Vec<String> = devices.iter().map(|(d, _)| d.id.clone()).collect();
    let tasks = tokio::task::LocalSet::new();
    for (wanted, heard) in devices {
        let (tx, rx) = async_mpsc::unbounded_channel();
        to_device.insert(wanted.kind, tx);
        tasks.spawn_local(keep_one(adapter.clone(), wanted, heard, rx, notice.clone()));
    }
    tasks
        .run_until(async {
            while let Some((kind, bytes)) = writes.recv().await {
                if let Some(device) = to_device.get(&kind) {
                    let _ = device.send(bytes);
                }
            }
        })
        .await;
    // The session is over: let the devices go, for the next app or watch.
    if let Ok(peripherals) = call(adapter.peripherals()).await {
        for peripheral in peripherals {
            if ids.contains(&peripheral.id().to_string()) {
                let _ = call(peripheral.disconnect()).await;
            }
        }
    }
}

/// Keeps one device linked for as long as the session wants it. The
/// screen hears of each change once: unreachable, linked again, lost.
async fn keep_one(
    adapter: Adapter,
    wanted: Wanted,
    heard: mpsc::Sender<Heard>,
    mut writes: async_mpsc::UnboundedReceiver<Vec<u8>>,
    notice: impl Fn(Option<DeviceKind>, String),
) {
    let (kind, name) = (wanted.kind, &wanted.name);
    let notice = |text: String| notice(Some(kind), text);
    let mut ever_linked = false;
    let mut told_unreachable = false;
    loop {
        let mut linked = false;
        let again = || {
            if ever_linked {
                notice(format!("The {kind} ({name}) is linked again."));
            }
        };
        let why = link_once(&adapter, &wanted, &heard, &mut writes, &mut linked, again).await;
        if heard.send(Heard::Lost).is_err() {
            return; // the session is over
        }
        if linked {
            ever_linked = true;
            told_unreachable = false;
            notice(format!(
                "Lost the {kind} ({name}): {why}. The session goes on; reconnecting."
            ));
        } else if !told_unreachable {
            told_unreachable = true;
            notice(format!(
                "Cannot reach the {kind} ({name}): {why}. The session goes on; still trying."
            ));
        }
        // Writes made while unlinked are dropped: a treadmill linked again
        // is asked afresh.
        tokio::time::sleep(RETRY_AFTER).await;
        while writes.try_recv().is_ok() {}
    }
}

/// Finds, connects and listens to one device until the link drops; the
/// reason it dropped.
async fn link_once(
    adapter: &Adapter,
    wanted: &Wanted,
    heard: &mpsc::Sender<Heard>,
    writes: &mut async_mpsc::UnboundedReceiver<Vec<u8>>,
    linked: &mut bool,
    on_linked: impl FnOnce(),
) -> String {
    let peripheral = match find(adapter, wanted).await {
        Ok(peripheral) => peripheral,
        Err(why) => return why,
    };
    let setup = async {
        let events = call(adapter.events()).await?;
        if !call(peripheral.is_connected()).await? {
            call(peripheral.connect()).await?;
        }
        call(peripheral.discover_services()).await?;
        let characteristics = peripheral.characteristics();
        for characteristic in &characteristics {
            let short = short_uuid(characteristic.uuid.as_u128());
            if short.is_some_and(|s| wanted.kind.notified().contains(&s)) {
                call(peripheral.subscribe(characteristic)).await?;
            }
        }
        let control = characteristics
            .into_iter()
            .find(|c| short_uuid(c.uuid.as_u128()) == Some(uuid16::CONTROL_POINT));
        let stream = call(peripheral.notifications()).await?;
        Ok::<_, RadioError>((control, stream, events))
    };
    let (control, mut notifications, mut events) = match setup.await {
        Ok(linked) => linked,
        Err(why) => return why.to_string(),
    };
    *linked = true;
    on_linked();
    if heard.send(Heard::Linked).is_err() {
        return "the session is over".into();
    }
    let mut check = tokio::time::interval(CHECK_EVERY);
    loop {
        tokio::select! {
            notification = notifications.next() => {
                let Some(notification) = notification else {
                    return "it stopped sending".into();
                };
                let Some(characteristic) = short_uuid(notification.uuid.as_u128()) else {
                    continue;
                };
                let bytes = Heard::Bytes { characteristic, value: notification.value };
                if heard.send(bytes).is_err() {
                    let _ = peripheral.disconnect().await;
                    return "the session is over".into();
                }
            }
            Some(bytes) = writes.recv() => {
                if let Some(control) = &control {
                    let written = peripheral.write(control, &bytes, WriteType::WithResponse);
                    if let Err(why) = call(written).await {
                        return format!("a request was not taken ({why})");
                    }
                }
            }
            event = events.next() => match event {
                Some(CentralEvent::DeviceDisconnected(id)) if id == peripheral.id() => {
                    return "out of reach or switched off".into();
                }
                None => return "Bluetooth stopped".into(),
                Some(_) => {}
            },
            _ = check.tick() => {
                if !matches!(call(peripheral.is_connected()).await, Ok(true)) {
                    return "out of reach or switched off".into();
                }
            }
        }
    }
}

/// Scans until the remembered device is heard.
async fn find(adapter: &Adapter, wanted: &Wanted) -> Result<Peripheral, String> {
    let filter = ScanFilter {
        services: vec![btleplug::api::bleuuid::uuid_from_u16(wanted.kind.service())],
    };
    call(adapter.start_scan(filter))
        .await
        .map_err(|e| e.to_string())?;
    let end = Instant::now() + FIND_TIMEOUT;
    let result = loop {
        let peripherals = call(adapter.peripherals())
            .await
            .map_err(|e| e.to_string())?;
        if let Some(p) = peripherals
            .into_iter()
            .find(|p| p.id().to_string() == wanted.id)
        {
            break Ok(p);
        }
        if Instant::now() >= end {
            break Err("not heard (is it on, and near?)".to_string());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let _ = call(adapter.stop_scan()).await;
    result
}

/// The session's side of one device's link.
pub struct RadioLink {
    kind: DeviceKind,
    // Before `_done`: fields drop in order, and the thread lets the
    // devices go once every sender is gone.
    writes: async_mpsc::UnboundedSender<(DeviceKind, Vec<u8>)>,
    heard: mpsc::Receiver<Heard>,
    _done: Arc<LetGo>,
}

impl Link for RadioLink {
    fn write(&mut self, _characteristic: u16, bytes: &[u8], _now: Instant) {
        let _ = self.writes.send((self.kind, bytes.to_vec()));
    }

    fn heard(&mut self, _now: Instant) -> Vec<Heard> {
        self.heard.try_iter().collect()
    }
}
