package io.quiver.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.testkit.process.ProcessStartException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServiceExtensionTest {

    /** Records the calls the base class makes; {@code failures} are thrown by successive launches. */
    static final class RecordingService extends ServiceExtension {
        final List<String> calls = new ArrayList<>();
        final List<RuntimeException> failures = new ArrayList<>();

        RecordingService() {
            super("recording");
        }

        @Override
        protected void allocate() {
            calls.add("allocate");
        }

        @Override
        protected void launch() {
            calls.add("launch");
            if (!failures.isEmpty()) {
                throw failures.removeFirst();
            }
        }

        @Override
        protected void halt() {
            calls.add("halt");
        }

        @Override
        protected void release() {
            calls.add("release");
        }
    }

    private static ProcessStartException clash() {
        return new ProcessStartException("etcd failed", "bind: address already in use\n", null);
    }

    @Test
    void stopKeepsTheInstanceSoStartBringsItBack() {
        RecordingService service = new RecordingService();

        service.start();
        service.stop();
        service.start();
        service.close();

        assertThat(service.calls).containsExactly("allocate", "launch", "halt", "launch", "halt", "release");
        assertThat(service.isRunning()).isFalse();
    }

    @Test
    void startsAgainOnNewPortsAfterAPortClash() {
        RecordingService service = new RecordingService();
        service.failures.add(clash());

        service.start();

        assertThat(service.calls).containsExactly("allocate", "launch", "halt", "release", "allocate", "launch");
        assertThat(service.isRunning()).isTrue();
    }

    @Test
    void givesUpAfterThreePortClashes() {
        RecordingService service = new RecordingService();
        service.failures.addAll(List.of(clash(), clash(), clash()));

        assertThatThrownBy(service::start).isInstanceOf(ProcessStartException.class);
        assertThat(service.calls.stream().filter("allocate"::equals)).hasSize(3);
        assertThat(service.calls.getLast()).isEqualTo("release");
        assertThat(service.isRunning()).isFalse();
    }

    @Test
    void doesNotRetryOtherStartFailuresAndCleansUp() {
        RecordingService service = new RecordingService();
        service.failures.add(new ProcessStartException("etcd failed", "permission denied\n", null));

        assertThatThrownBy(service::start).hasMessageContaining("permission denied");
        assertThat(service.calls).containsExactly("allocate", "launch", "halt", "release");
    }

    @Test
    void restartStopsAndStartsTheSameInstance() {
        RecordingService service = new RecordingService();
        service.start();

        service.restart();

        assertThat(service.calls).containsExactly("allocate", "launch", "halt", "launch");
        service.close();
    }

    @Test
    void closeIsIdempotentAndStartAfterCloseIsAFreshInstance() {
        RecordingService service = new RecordingService();
        service.start();
        service.close();
        service.close();

        service.start();

        assertThat(service.calls).containsExactly("allocate", "launch", "halt", "release", "allocate", "launch");
        service.close();
    }

    /** A class-level service: one test stops it, the next finds it repaired, a nested class shares it. */
    @ExtendWith(InnerScenario.class)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static final class ClassLevelScenario {
        @RegisterExtension
        static final RecordingService service = new RecordingService();

        @Test
        void a_stopsTheService() {
            assertThat(service.isRunning()).isTrue();
            service.stop();
        }

        @Test
        void b_findsItRunningAgain() {
            assertThat(service.isRunning()).isTrue();
        }

        @Nested
        class Inner {
            @Test
            void sharesTheServiceOfTheEnclosingClass() {
                assertThat(service.isRunning()).isTrue();
            }
        }
    }

    @Test
    void staticFieldServiceLivesForTheClassAndIsRepairedBetweenTests() {
        InnerScenario.run(ClassLevelScenario.class).testEvents()
                .assertStatistics(stats -> stats.started(3).succeeded(3));

        assertThat(ClassLevelScenario.service.calls)
                .containsExactly("allocate", "launch", "halt", "launch", "halt", "release");
    }

    /** A test-level service: every test gets its own. */
    @ExtendWith(InnerScenario.class)
    static final class TestLevelScenario {
        static final List<RecordingService> SEEN = new CopyOnWriteArrayList<>();

        @RegisterExtension
        final RecordingService service = new RecordingService();

        @Test
        void first() {
            assertThat(service.isRunning()).isTrue();
            SEEN.add(service);
        }

        @Test
        void second() {
            assertThat(service.isRunning()).isTrue();
            SEEN.add(service);
        }
    }

    @Test
    void instanceFieldServiceLivesForOneTest() {
        InnerScenario.run(TestLevelScenario.class).testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(2));

        assertThat(TestLevelScenario.SEEN).hasSize(2).allSatisfy(service ->
                assertThat(service.calls).containsExactly("allocate", "launch", "halt", "release"));
    }
}
