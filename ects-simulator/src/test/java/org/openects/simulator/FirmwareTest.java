package org.openects.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.openects.codec.openects.AckStatus;
import org.openects.codec.openects.CompactCodec;
import org.openects.codec.openects.Downlink;
import org.openects.codec.openects.Instruction;
import org.openects.codec.openects.JsonMessageCodec;
import org.openects.codec.openects.KeyWrap;
import org.openects.codec.openects.NativeProtocol;
import org.openects.codec.openects.Uplink;
import org.openects.domain.DeviceId;
import org.openects.domain.LockState;

class FirmwareTest {

    static final DeviceId SEAL = DeviceId.of("ESEAL-0001");
    static final byte[] KEY = NativeProtocol.newKey(new Random(1));
    static final Instant NOW = Instant.parse("2025-01-15T08:30:00Z");

    final Firmware firmware = new Firmware(SEAL, KEY);
    final AtomicLong counters = new AtomicLong(100);
    final JsonMessageCodec json = new JsonMessageCodec(id -> null);
    final CompactCodec compact = CompactCodec.signer();

    Firmware.Answer receive(byte[] message) {
        return firmware.onDownlink(message, NOW, counters::incrementAndGet, 0);
    }

    byte[] command(long counter, Instruction instruction) {
        return json.encodeCommand(command(counter, NOW, instruction), KEY);
    }

    static Downlink.Command command(long counter, Instant issued, Instruction instruction) {
        return new Downlink.Command(SEAL, counter, issued, Duration.ofMinutes(10), instruction);
    }

    @Test
    void a_ping_is_acknowledged_done_with_the_next_uplink_counter_and_asks_for_a_report() {
        Firmware.Answer answer = receive(command(1, new Instruction.Ping()));

        assertThat(answer.ack()).isEqualTo(new Uplink.Ack(SEAL, 101, NOW, 1, AckStatus.DONE));
        assertThat(answer.reportNow()).isTrue();
    }

    @Test
    void an_unlock_opens_the_lock_and_an_interval_paces_the_reports() {
        assertThat(firmware.lock()).isEqualTo(LockState.LOCKED);
        receive(compact.encodeCommand(command(1, NOW, new Instruction.Unlock(4711)), KEY));
        receive(command(2, new Instruction.SetReportInterval(Duration.ofSeconds(45))));

        assertThat(firmware.lock()).isEqualTo(LockState.UNLOCKED);
        assertThat(firmware.interval()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void a_redelivered_command_is_answered_again_without_acting_and_an_older_one_is_stale() {
        receive(command(5, new Instruction.Unlock(1)));
        receive(command(6, new Instruction.Ping()));

        Firmware.Answer again = receive(command(6, new Instruction.Ping()));
        Firmware.Answer older = receive(command(5, new Instruction.Unlock(1)));

        assertThat(again.ack().status()).isEqualTo(AckStatus.DONE);
        assertThat(again.reportNow()).as("not carried out again").isFalse();
        assertThat(older.ack().status()).isEqualTo(AckStatus.STALE_COUNTER);
    }

    @Test
    void a_command_past_its_validity_by_the_device_clock_is_expired_and_not_carried_out() {
        Firmware.Answer answer = receive(
                json.encodeCommand(command(1, NOW.minus(Duration.ofMinutes(11)), new Instruction.Unlock(1)), KEY));

        assertThat(answer.ack().status()).isEqualTo(AckStatus.EXPIRED);
        assertThat(firmware.lock()).isEqualTo(LockState.LOCKED);
        assertThat(receive(command(1, new Instruction.Unlock(1))).ack().status())
                .as("an expired command was not accepted: its counter is still fresh")
                .isEqualTo(AckStatus.DONE);
    }

    @Test
    void what_does_not_verify_under_the_device_key_is_ignored() {
        byte[] forged =
                json.encodeCommand(command(1, NOW, new Instruction.Unlock(1)), NativeProtocol.newKey(new Random(2)));
        byte[] altered = command(1, new Instruction.Unlock(1));
        altered[altered.length - 3] ^= 1;

        assertThat(receive(forged)).isEqualTo(Firmware.Answer.NOTHING);
        assertThat(receive(altered)).isEqualTo(Firmware.Answer.NOTHING);
        assertThat(receive("garbage".getBytes())).isEqualTo(Firmware.Answer.NOTHING);
        assertThat(firmware.lock()).isEqualTo(LockState.LOCKED);
    }

    @Test
    void a_key_rotation_switches_to_the_unwrapped_key_from_the_acknowledgement_on() {
        byte[] newKey = NativeProtocol.newKey(new Random(3));
        Firmware.Answer answer = receive(command(7, new Instruction.RotateKey(KeyWrap.wrap(KEY, 7, newKey))));

        assertThat(answer.ack().status()).isEqualTo(AckStatus.DONE);
        assertThat(firmware.key()).isEqualTo(newKey);
        assertThat(receive(command(8, new Instruction.Ping())))
                .as("commands under the old key no longer verify")
                .isEqualTo(Firmware.Answer.NOTHING);
    }

    @Test
    void a_key_wrapped_for_another_counter_fails_and_the_old_key_stays() {
        byte[] wrappedForOtherCounter = KeyWrap.wrap(KEY, 99, NativeProtocol.newKey(new Random(4)));

        Firmware.Answer answer = receive(command(7, new Instruction.RotateKey(wrappedForOtherCounter)));

        assertThat(answer.ack().status()).isEqualTo(AckStatus.FAILED);
        assertThat(firmware.key()).isEqualTo(KEY);
    }

    @Test
    void the_clock_is_set_from_the_answer_to_the_latest_time_request_only() {
        Uplink.TimeRequest first = firmware.timeRequest(NOW, 10, 0);
        Uplink.TimeRequest latest = firmware.timeRequest(NOW, 11, 0);
        Instant platform = NOW.plusSeconds(30);

        firmware.onDownlink(
                json.encodeTimeResponse(
                        new Downlink.TimeResponse(SEAL, first.counter(), platform.plusSeconds(99)), KEY),
                NOW,
                counters::incrementAndGet,
                2_000_000_000L);
        assertThat(firmware.clockOffset())
                .as("an answer to an older request is ignored")
                .isZero();
        firmware.onDownlink(
                compact.encodeTimeResponse(new Downlink.TimeResponse(SEAL, latest.counter(), platform), KEY),
                NOW,
                counters::incrementAndGet,
                2_000_000_000L);

        assertThat(firmware.clockOffset()).isEqualTo(Duration.ofSeconds(31)); // 30 s ahead plus half the 2 s round trip
        assertThat(firmware.clock(NOW)).isEqualTo(NOW.plusSeconds(31));
    }
}
