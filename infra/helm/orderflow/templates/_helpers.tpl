{{/* The release's resource name prefix, at most 63 characters (DNS label). */}}
{{- define "orderflow.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels every resource carries. */}}
{{- define "orderflow.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one role's pods; call with (dict "root" $ "role" "api"). */}}
{{- define "orderflow.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{- define "orderflow.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* The Secret with ORDERFLOW_ADMIN_KEY and DATABASE_URL: an existing one, or the chart's. */}}
{{- define "orderflow.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-keys" (include "orderflow.fullname" .)) -}}
{{- end -}}

{{/* Refuses values the roles would refuse at start, with the reason. */}}
{{- define "orderflow.validate" -}}
{{- if not .Values.secrets.existingSecret -}}
{{- if not .Values.secrets.databaseUrl -}}
{{- fail "secrets.databaseUrl is not set: give secrets.existingSecret (a Secret with ORDERFLOW_ADMIN_KEY and DATABASE_URL) or secrets.databaseUrl and secrets.adminKey" -}}
{{- end -}}
{{- if lt (len .Values.secrets.adminKey) 24 -}}
{{- fail "secrets.adminKey must have at least 24 characters (or use secrets.existingSecret)" -}}
{{- end -}}
{{- end -}}
{{- if and (eq .Values.config.PAYMENT_PROVIDER "kafka") (not .Values.config.KAFKA_BROKERS) -}}
{{- fail "config.PAYMENT_PROVIDER=kafka needs config.KAFKA_BROKERS (host:port[,…])" -}}
{{- end -}}
{{- end -}}

{{/* The container security context and the /tmp volume (the root filesystem is read-only). */}}
{{- define "orderflow.securityContext" -}}
securityContext:
  {{- toYaml .Values.securityContext | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end -}}

{{/* Pod-level settings shared by the Deployments and the migrate Job. */}}
{{- define "orderflow.podSettings" -}}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: tmp
    emptyDir: {}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
