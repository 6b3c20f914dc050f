package org.elasticsearch.node;

import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

import java.util.Collection;
import java.util.List;

/**
 * A Node whose plugins come from the class path, built the way ES's own test framework builds one but
 * without ES's bootstrap (entitlements, seccomp, jar-hell and root checks live there and do not apply).
 *
 * <p>In {@code org.elasticsearch.node} because {@link NodeConstruction#prepareConstruction} and
 * {@link NodeServiceProvider} are package-private.
 */
public final class ClasspathNode extends Node {

    public ClasspathNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
        super(NodeConstruction.prepareConstruction(environment, null, new ClasspathServiceProvider(List.copyOf(plugins)), true));
    }

    private static final class ClasspathServiceProvider extends NodeServiceProvider {
        private final List<Class<? extends Plugin>> plugins;

        ClasspathServiceProvider(List<Class<? extends Plugin>> plugins) {
            this.plugins = plugins;
        }

        @Override
        PluginsService newPluginService(Environment initialEnvironment, PluginsLoader pluginsLoader) {
            return new ClasspathPluginsService(initialEnvironment.settings(), initialEnvironment, plugins);
        }
    }
}
