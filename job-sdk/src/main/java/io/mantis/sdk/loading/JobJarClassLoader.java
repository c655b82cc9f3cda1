package io.mantis.sdk.loading;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * The class loader of one job JAR, in the master and in workers alike: the packages a job shares with the platform come from the
 * parent (so the JAR's {@code JobProvider} and {@code Job} are the platform's), everything else is looked up in the
 * JAR first, so a JAR's bundled libraries never clash with the platform's own or with another JAR's. Job authors may bundle anything but the {@link #SHARED} packages.
 */
public final class JobJarClassLoader extends URLClassLoader {

    /**
     * Always from the parent: the JDK, the SDK, and the libraries the SDK's API exposes. A JAR's own copy of
     * {@code io.mantis.sdk.Job} would be a different class from the one the platform reads.
     */
    public static final List<String> SHARED = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "io.mantis.sdk.",
            "io.reactivex.rxjava3.", "org.reactivestreams.", "com.fasterxml.jackson.", "io.micrometer.",
            "org.slf4j.");

    static {
        ClassLoader.registerAsParallelCapable();
    }

    public JobJarClassLoader(String name, URL jar, ClassLoader parent) {
        super(name, new URL[] {jar}, parent);
    }

    public static boolean isShared(String binaryName) {
        for (String prefix : SHARED) {
            if (binaryName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                try {
                    type = findClass(name);
                } catch (ClassNotFoundException notInTheJar) {
                    return super.loadClass(name, resolve);
                }
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    @Override
    public URL getResource(String name) {
        if (isShared(name.replace('/', '.'))) {
            return super.getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }
}
