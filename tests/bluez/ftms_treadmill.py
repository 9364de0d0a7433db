"""A BlueZ with one adapter and one FTMS treadmill, for python-dbusmock.

It stands where bluetoothd and a real treadmill would: rtr's radio code
(btleplug over D-Bus) scans, connects, subscribes and writes to it exactly
as it would to BlueZ. The treadmill answers control point requests and
notifies Treadmill Data once a second from a belt that ramps like the
simulator's; its console is "started" 1.5 s after the first subscription.
Every control point write is appended to the file named by the `log`
parameter, one hex line each.

    python3 -m dbusmock --system --template tests/bluez/ftms_treadmill.py \
        -p '{"log": "/tmp/writes"}'
"""

import struct
from xml.etree import ElementTree

import dbus
from gi.repository import GLib

from dbusmock import mockobject
from dbusmock.templates import bluez5

BUS_NAME = bluez5.BUS_NAME
MAIN_OBJ = bluez5.MAIN_OBJ
SYSTEM_BUS = True
IS_OBJECT_MANAGER = True

GATT_SERVICE = "org.bluez.GattService1"
GATT_CHAR = "org.bluez.GattCharacteristic1"
ADDRESS = "C8:2E:47:01:02:03"


def uuid(short):
    return f"0000{short:04x}-0000-1000-8000-00805f9b34fb"


class Belt:
    """The treadmill's state: 0.01 km/h, 0.1 %, metres."""

    def __init__(self, log):
        self.log = log
        self.speed = 0.0
        self.target = 0
        self.incline = 0
        self.distance = 0.0
        self.started = False
        self.chars = {}

    def notify(self, short, value):
        char = self.chars[short]
        if not char.notifying:
            return
        value = dbus.Array([dbus.Byte(b) for b in value], signature="y")
        char.EmitSignal(dbus.PROPERTIES_IFACE, "PropertiesChanged", "sa{sv}as",
                        [GATT_CHAR, {"Value": dbus.Array(value, variant_level=1)}, []])

    def tick(self):
        change = max(-140.0, min(140.0, self.target - self.speed))
        before = self.speed
        self.speed += change
        self.distance += (before + self.speed) / 2 / 100 / 3.6
        # Flags: distance (bit 2) and inclination (bit 3); speed always.
        data = struct.pack("<HH", 0x000C, round(self.speed))
        data += struct.pack("<I", int(self.distance))[:3]
        data += struct.pack("<hh", self.incline, 0)
        self.notify(0x2ACD, data)
        return True

    def start_by_runner(self):
        self.started = True
        self.target = 200
        self.notify(0x2ADA, bytes([0x04]))
        return False

    def write(self, value):
        value = bytes(value)
        with open(self.log, "a") as log:
            log.write(value.hex() + "\n")
        op = value[0]
        result = 1
        if op == 0x02:
            (speed,) = struct.unpack("<H", value[1:3])
            if self.target == 0:
                result = 5
            else:
                self.target = speed
        elif op == 0x03:
            (self.incline,) = struct.unpack("<h", value[1:3])
        elif op == 0x07:
            result = 5
        elif op == 0x08:
            self.target = 0
        self.notify(0x2AD9, bytes([0x80, op, result]))


class _InterfacesFirst:
    """dbusmock appends a new interface after an object's child nodes;
    BlueZ (and the XML parser under btleplug) has every interface first."""

    def __getattr__(self, name):
        return getattr(ElementTree, name)

    @staticmethod
    def tostring(tree, **kwargs):
        nodes = [child for child in tree if child.tag == "node"]
        for node in nodes:
            tree.remove(node)
            tree.append(node)
        return ElementTree.tostring(tree, **kwargs)


mockobject.ElementTree = _InterfacesFirst()


def load(mock, parameters):
    bluez5.load(mock, parameters)
    # The main object is registered only after its template loads.
    mockobject.objects["/"] = mock
    bluez5.AddAdapter(mock, "hci0", "laptop")
    device_path = bluez5.AddDevice(mock, "hci0", ADDRESS, "Mock FTMS treadmill")
    device = mockobject.objects[device_path]
    device.props[bluez5.DEVICE_IFACE]["UUIDs"] = dbus.Array([uuid(0x1826)], variant_level=1)
    device.props[bluez5.DEVICE_IFACE]["RSSI"] = dbus.Int16(-58, variant_level=1)
    belt = Belt(parameters.get("log", "/dev/null"))
    GLib.timeout_add_seconds(1, belt.tick)

    def connect(self):
        self.connected = True
        for name, value in (("Connected", True), ("ServicesResolved", True)):
            self.props[bluez5.DEVICE_IFACE][name] = dbus.Boolean(value, variant_level=1)
        self.EmitSignal(dbus.PROPERTIES_IFACE, "PropertiesChanged", "sa{sv}as", [
            bluez5.DEVICE_IFACE,
            {"Connected": dbus.Boolean(True, variant_level=1),
             "ServicesResolved": dbus.Boolean(True, variant_level=1)},
            []])

    device.AddMethods(bluez5.DEVICE_IFACE, [("Connect", "", "", connect)])

    service_path = device_path + "/service000c"
    mock.AddObject(service_path, GATT_SERVICE, {
        "UUID": dbus.String(uuid(0x1826), variant_level=1),
        "Device": dbus.ObjectPath(device_path, variant_level=1),
        "Primary": dbus.Boolean(True, variant_level=1),
        "Includes": dbus.Array([], signature="o", variant_level=1),
    }, [])

    def start_notify(self):
        self.notifying = True
        if not belt.started and self.short == 0x2ADA:
            GLib.timeout_add(1500, belt.start_by_runner)

    def stop_notify(self):
        self.notifying = False

    def write_value(self, value, _options):
        belt.write(value)

    for n, (short, flags) in enumerate([
        (0x2ACD, ["notify"]),
        (0x2ADA, ["notify"]),
        (0x2AD9, ["write", "indicate"]),
    ]):
        path = f"{service_path}/char{0x0d + n * 3:04x}"
        mock.AddObject(path, GATT_CHAR, {
            "UUID": dbus.String(uuid(short), variant_level=1),
            "Service": dbus.ObjectPath(service_path, variant_level=1),
            "Value": dbus.Array([], signature="y", variant_level=1),
            "Notifying": dbus.Boolean(False, variant_level=1),
            "Flags": dbus.Array(flags, signature="s", variant_level=1),
        }, [
            ("StartNotify", "", "", start_notify),
            ("StopNotify", "", "", stop_notify),
            ("ReadValue", "a{sv}", "ay", "ret = dbus.Array([], signature='y')"),
            ("WriteValue", "aya{sv}", "", write_value),
        ])
        char = mockobject.objects[path]
        char.short = short
        char.notifying = False
        belt.chars[short] = char
