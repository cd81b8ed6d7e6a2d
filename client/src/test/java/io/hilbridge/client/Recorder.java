package io.hilbridge.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps everything it is told, for assertions. Thread-safe (copy-on-write lists). */
final class Recorder implements ClientListener {
    final List<StateEvent> states = new CopyOnWriteArrayList<>();
    final List<Device> devices = new CopyOnWriteArrayList<>();
    final List<String> connection = new CopyOnWriteArrayList<>();
    final List<String> connectionDetails = new CopyOnWriteArrayList<>();
    final List<ResetResult> resets = new CopyOnWriteArrayList<>();
    final List<String> faults = new CopyOnWriteArrayList<>();
    final List<LogLine> logs = new CopyOnWriteArrayList<>();

    @Override
    public void onState(StateEvent event) {
        states.add(event);
    }

    @Override
    public void onDevice(Device device) {
        devices.add(device);
    }

    @Override
    public void onConnection(boolean connected, String detail) {
        connection.add(connected ? "up" : "down");
        connectionDetails.add(detail);
    }

    @Override
    public void onReset(ResetResult result) {
        resets.add(result);
    }

    @Override
    public void onFault(String device, int light, String fault) {
        faults.add(device + "/" + light + "=" + fault);
    }

    @Override
    public void onLog(LogLine line) {
        logs.add(line);
    }

    List<DeviceStatus> statuses() {
        return devices.stream().map(Device::status).toList();
    }
}
