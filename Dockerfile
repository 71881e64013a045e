# syntax=docker/dockerfile:1
# OrleansHa images. Build context: the repository root.
#   docker build -t orleansha-silo .                  (the silo; the default, last stage)
#   docker build --target client -t orleansha-client .
# The silo runs as the image's non-root 'app' user, keeps its database, credentials and logs in /data (a volume;
# in cluster azure the shared credentials and signing key go to /secrets, a volume every silo of the system mounts),
# and listens on 30000 (gateway, TLS required beyond loopback: give Silo:TlsCertificateFile), 11111 (silo to silo)
# and 30080 (GET /health).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
COPY silo/ silo/
COPY client/ client/
RUN dotnet restore silo/OrleansHa.Silo.csproj --locked-mode \
 && dotnet restore client/OrleansHa.Client.csproj --locked-mode
RUN dotnet publish silo/OrleansHa.Silo.csproj -c Release --no-restore -o /out/silo -p:UseAppHost=false \
 && dotnet publish client/OrleansHa.Client.csproj -c Release --no-restore -o /out/client -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS client
WORKDIR /app
COPY --from=build /out/client .
USER app
ENTRYPOINT ["dotnet", "orleansha.dll"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS silo
WORKDIR /app
COPY --from=build /out/silo .
# /secrets: the credentials file and signing key the silos of one system share (cluster azure), on a shared volume.
RUN mkdir -p /data /secrets && chown app:app /data /secrets
USER app
ENV ORLEANSHA_Silo__DataFolder=/data \
    ORLEANSHA_Silo__Gateway=0.0.0.0:30000 \
    ORLEANSHA_Silo__Health=0.0.0.0:30080 \
    ORLEANSHA_Silo__SiloEndpoint=0.0.0.0:11111
VOLUME /data
EXPOSE 30000 11111 30080
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "OrleansHa.Silo.dll"]
