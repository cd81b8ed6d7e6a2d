package io.hilbridge.examples;

import io.hilbridge.client.HilbridgeClient;
import io.hilbridge.junit.Board;
import io.hilbridge.junit.Hilbridge;
import io.hilbridge.junit.HilbridgeTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static io.hilbridge.client.LightChange.turnOn;
import static io.hilbridge.junit.HilbridgeAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every client sees every change, whoever made it: another client, REST, the board's own button. */
@HilbridgeTest(board = "sim")
class ClientsExample {
    static final Duration SOON = Duration.ofSeconds(5);

    @Test
    void theButtonReachesEveryClient(Hilbridge hb, Board board) {
        HilbridgeClient other = hb.newClient();
        board.faults().pressButton(0);
        assertThat(board.light(0)).reaches(turnOn()).within(SOON);
        other.awaitState(board.id(), 0, turnOn(), SOON);
    }

    @Test
    void anotherClientsChangeIsSeen(Hilbridge hb, Board board) {
        hb.newClient().set(board.id(), 3, turnOn().color("#0000ff")).join();
        assertThat(board.light(3)).reaches(turnOn().color("#0000ff")).within(SOON);
    }

    @Test
    void aRestChangeIsSeenByTheClient(Hilbridge hb, Board board) throws Exception {
        HttpRequest.Builder put = HttpRequest.newBuilder(
                        hb.httpUrl().resolve("/api/devices/" + board.id() + "/lights/1"))
                .timeout(SOON)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"on\": true, \"brightness\": 33}"));
        if (hb.token() != null) put.header("Authorization", "Bearer " + hb.token());
        HttpResponse<String> answer = HttpClient.newBuilder()
                .connectTimeout(SOON)
                .build()
                .send(put.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertThat(board.light(1)).reaches(turnOn().brightness(33)).within(SOON);
    }
}
