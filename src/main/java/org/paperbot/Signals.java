package org.paperbot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * SIGTERM / SIGINT as an ordinary event, so that stopping is an orderly shutdown ending with exit code 0
 * (a JVM killed through shutdown hooks alone exits with 143).
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is reached by reflection: compiled with {@code --release 17},
 * every reference to it in source draws javac's mandatory "internal proprietary API" warning, which no option or
 * {@code @SuppressWarnings} turns off in JDK 9+ (the old {@code -XDenableSunApiLintControl} is gone). At run time it is
 * an ordinary exported class.
 */
final class Signals {
    private Signals() {
    }

    static void onTerminate(Runnable action) {
        Class<?> signal;
        Class<?> handlerType;
        Method handle;
        try {
            signal = Class.forName("sun.misc.Signal");
            handlerType = Class.forName("sun.misc.SignalHandler");
            handle = signal.getMethod("handle", signal, handlerType);
        } catch (ReflectiveOperationException | LinkageError e) {
            return; // a runtime without jdk.unsupported: the shutdown hook still stops the bot
        }
        Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerType},
                (proxy, method, args) -> switch (method.getName()) {
                    case "handle" -> {
                        action.run();
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "Signals.onTerminate handler";
                });
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                handle.invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof IllegalArgumentException)) {
                    throw new IllegalStateException("cannot handle SIG" + name, e.getCause());
                }
                // Not available on this platform (or taken by the JVM): the shutdown hook still stops the bot.
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("sun.misc.Signal changed shape", e);
            }
        }
    }
}
