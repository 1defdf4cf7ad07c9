package io.stylesync.common.mlflow;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@AutoConfiguration
@EnableConfigurationProperties(MlflowProperties.class)
public class MlflowAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MlflowClient mlflowClient(MlflowProperties props) {
        return new MlflowClient(props.trackingUri(), props.timeout());
    }
}
